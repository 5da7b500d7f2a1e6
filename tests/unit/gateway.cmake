# gateway/: the JSON mapping, the route table and matcher, binding and the
# error mapping, settings and metrics (tests/unit/gateway/ mirrors gateway/).
foreach(t json routes errors opts metrics)
  dbf_add_unit_test(test_gw_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/gateway/test_${t}.c
                    LIBS dbf_gateway LABELS gateway)
endforeach()
