# The rule extractor's sources, included by server/engine/CMakeLists.txt.
set(DBF_EXTRACT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/extract.c
  ${CMAKE_CURRENT_LIST_DIR}/lexicon.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_date.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_money.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_people.c
  ${CMAKE_CURRENT_LIST_DIR}/text.c)
