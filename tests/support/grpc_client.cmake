# A synchronous gRPC C-core client shared by transport tests and bench/load.
add_library(dbf_test_grpc_client STATIC ${CMAKE_CURRENT_LIST_DIR}/grpc_client.c)
target_include_directories(dbf_test_grpc_client PUBLIC "${CMAKE_CURRENT_LIST_DIR}/..")
target_link_libraries(dbf_test_grpc_client PUBLIC dbf_core PkgConfig::GRPC)
