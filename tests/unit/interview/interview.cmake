# Unit tests for server/interview: the extraction schema, grounding, strict
# JSON parsing, summary shapes, and whole calls through the fake provider
# (dbf_add_fake_llm_test, tests/fake_llm/fake_llm.cmake).
dbf_add_fake_llm_test(test_interviewer ${CMAKE_CURRENT_LIST_DIR} dbf_llm dbf_interview)
