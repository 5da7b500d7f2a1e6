# Unit tests for the rule extractor (server/engine/extract.c and its
# parsers): money, dates, lexicons and text, and whole-answer extraction.
foreach(t extract labelled parse_money parse_date)
  dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c LIBS dbf_engine
                    LABELS "engine;extract")
endforeach()

# One test file per rule module of server/engine/rules/ (rules/fixture.h
# holds their shared fixture): tests/unit/engine/rules/test_<module>.c
# becomes the ctest test_rules_<module>.
file(GLOB DBF_RULE_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/rules/test_*.c)
foreach(src ${DBF_RULE_TESTS})
  get_filename_component(name ${src} NAME_WE)
  string(REGEX REPLACE "^test_" "test_rules_" name ${name})
  dbf_add_unit_test(${name} SOURCES ${src} LIBS dbf_engine LABELS "engine;extract")
endforeach()
