# Unit tests for server/engine: templates, planner, summaries, insights.
if(TARGET dbf_engine)
  foreach(t template planner summary insights)
    if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/test_${t}.c")
      dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c LIBS dbf_engine
                        LABELS engine)
    endif()
  endforeach()
endif()
