# Unit tests for server/llm: the SSE parser, the providers against the fake
# provider server (tests/fake_llm/fake_llm.cmake), and an out-of-memory
# sweep (dbf_alloc_fail_after) of the providers' stream parsing through
# fuzz/provider_feed.h.
dbf_add_unit_test(test_sse SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sse.c LIBS dbf_llm LABELS llm)
dbf_add_fake_llm_test(test_llm ${CMAKE_CURRENT_LIST_DIR} dbf_llm)
dbf_add_unit_test(test_llm_oom SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_llm_oom.c LIBS dbf_llm
                  LABELS "llm;oom")
target_include_directories(test_llm_oom PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
