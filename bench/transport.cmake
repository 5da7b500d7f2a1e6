# bench_load: transport baseline (in-process echo) versus a running server's
# GetSession. Not a ctest: run it by hand, see the top of bench/load.c.
add_executable(bench_load ${CMAKE_CURRENT_LIST_DIR}/load.c)
target_link_libraries(bench_load PRIVATE dbf_transport debrief_client)
