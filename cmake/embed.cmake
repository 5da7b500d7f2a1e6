# Turns the binary file IN into a C source OUT defining
#   const unsigned char SYMBOL[]; const unsigned long SYMBOL_len;
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE "${OUT}" "/* Generated from ${IN}; do not edit. */\n"
  "const unsigned char ${SYMBOL}[] = {\n${body}\n};\n"
  "const unsigned long ${SYMBOL}_len = ${len}UL;\n")
