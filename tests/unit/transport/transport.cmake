# server/transport against a real in-process gRPC server and client.
dbf_add_unit_test(test_transport SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_transport.c
                  LIBS dbf_transport debrief_client LABELS transport)
# server/transport/wire.c, on hand-built wire bytes.
dbf_add_unit_test(test_wire SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_wire.c LIBS dbf_transport
                  LABELS transport)
