# The protobuf <-> JSON conversions of server/service/pbjson.c.
dbf_add_unit_test(test_pbjson SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_pbjson.c
                  ${CMAKE_SOURCE_DIR}/server/service/pbjson.c LIBS dbf_core dbf_proto)
