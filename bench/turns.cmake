# bench_turns: Converse turns per second against a running server, compared
# by bench/run_turns.sh with pgbench replaying the same SQL per turn. Not a
# ctest: run it by hand, see the top of bench/turns.c.
add_executable(bench_turns ${CMAKE_CURRENT_LIST_DIR}/turns.c)
target_link_libraries(bench_turns PRIVATE debrief_client Threads::Threads)
