# Out-of-memory sweeps (dbf_alloc_fail_after) of parsers whose own test
# files need a database or a fake server: page tokens (server/store) and
# the providers' stream parsing (server/llm, through fuzz/provider_feed.h).
# pbjson, templates and JWT verification sweep in their own test files.
dbf_add_unit_test(test_store_oom SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_oom.c LIBS dbf_store
                  LABELS oom)
dbf_add_unit_test(test_llm_oom SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_llm_oom.c LIBS dbf_llm
                  LABELS "llm;oom")
target_include_directories(test_llm_oom PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
