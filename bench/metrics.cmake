# bench_metrics: the metrics registry's cost per update and per scrape
# (server/core/metrics.h). Not a ctest: run it by hand, see bench/metrics.c.
add_executable(bench_metrics ${CMAKE_CURRENT_LIST_DIR}/metrics.c)
target_link_libraries(bench_metrics PRIVATE dbf_core)
