dbf_add_unit_test(test_core SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_core.c LIBS dbf_core)
# server/core/metrics.c: the registry and the Prometheus text (its concurrency test runs under TSan).
dbf_add_unit_test(test_core_metrics SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_metrics.c LIBS dbf_core)
# server/core/ticker.c: the round-and-sleep threads (run under TSan in CI).
dbf_add_unit_test(test_core_ticker SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ticker.c LIBS dbf_core)
