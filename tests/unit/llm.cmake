# Unit tests for server/llm: the SSE parser, the providers against the fake
# provider server (tests/fake_llm, Python stdlib only), and the interviewer.
dbf_add_unit_test(test_sse SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_sse.c LIBS dbf_llm LABELS llm)
if(EXISTS "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
  set(DBF_FAKE_LLM_PYTHON "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
else()
  find_program(DBF_FAKE_LLM_PYTHON python3 REQUIRED)
endif()
foreach(t llm interviewer)
  dbf_add_unit_test(test_${t} SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_${t}.c
                    LIBS dbf_llm dbf_interview LABELS llm)
  target_sources(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fake_llm/fake_llm.c)
  target_include_directories(test_${t} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fake_llm)
  target_compile_definitions(test_${t} PRIVATE DBF_PYTHON="${DBF_FAKE_LLM_PYTHON}")
endforeach()
