# Unit tests for the rule extractor (server/engine/extract.c and its
# parsers): money, dates, lexicons and text, and whole-answer extraction.
foreach(t extract parse_money parse_date)
  dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c LIBS dbf_engine
                    LABELS "engine;extract")
endforeach()
