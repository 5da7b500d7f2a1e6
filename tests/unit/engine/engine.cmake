# Unit tests for server/engine: templates, planner, summaries, insights. They
# load the built-in templates through tests/support/templates.h.
foreach(t template planner summary insights export crm)
  dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c LIBS dbf_engine
                    LABELS engine)
  target_include_directories(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
endforeach()
