# gateway/: one test program per source file it checks (tests/unit/gateway/
# mirrors gateway/); http.c, ws.c, upstream.c and server.c are covered end to
# end by tests/integration/test_gateway_*.py against the real server.
foreach(t json wkt routes bind errors opts metrics openapi static devtoken)
  dbf_add_unit_test(test_gw_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c
                    LIBS dbf_gateway LABELS gateway)
endforeach()
