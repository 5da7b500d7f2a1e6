# bench_turns: Converse turns per second against a running server, compared
# by bench/run_turns.sh with pgbench replaying the same SQL per turn. Not a
# ctest: run it by hand, see the top of bench/turns.c.
add_executable(bench_turns ${CMAKE_CURRENT_LIST_DIR}/turns.c
               ${CMAKE_SOURCE_DIR}/tests/support/grpc_client.c)
target_include_directories(bench_turns PRIVATE "${CMAKE_SOURCE_DIR}/tests")
target_link_libraries(bench_turns PRIVATE dbf_core dbf_proto PkgConfig::GRPC Threads::Threads)
