# bench_load: transport baseline (in-process echo) versus a running server's
# GetSession. Not a ctest: run it by hand, see the top of bench/load.c.
add_executable(bench_load ${CMAKE_CURRENT_LIST_DIR}/load.c
               ${CMAKE_SOURCE_DIR}/tests/support/grpc_client.c)
target_include_directories(bench_load PRIVATE "${CMAKE_SOURCE_DIR}/tests")
target_link_libraries(bench_load PRIVATE dbf_transport)
