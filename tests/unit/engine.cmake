# Unit tests for server/engine: templates, planner, summaries, insights.
foreach(t template planner summary insights)
  dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c LIBS dbf_engine
                    LABELS engine)
endforeach()
