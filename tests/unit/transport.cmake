# server/transport against a real in-process gRPC server and client.
dbf_add_unit_test(test_transport SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_transport.c
                  LIBS dbf_transport dbf_test_grpc_client LABELS transport)
