# dbf_add_fake_llm_test(NAME DIR LIBS...): a cmocka test (DIR/NAME.c) that
# starts the fake model provider (fake_llm.c runs fake_llm.py, Python stdlib
# only). Used by tests/unit/llm and tests/unit/interview.
if(EXISTS "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
  set(DBF_FAKE_LLM_PYTHON "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
else()
  find_program(DBF_FAKE_LLM_PYTHON python3 REQUIRED)
endif()
function(dbf_add_fake_llm_test name dir)
  dbf_add_unit_test(${name} SOURCES ${dir}/${name}.c LIBS ${ARGN} LABELS llm)
  target_sources(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fake_llm/fake_llm.c)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fake_llm)
  target_compile_definitions(${name} PRIVATE DBF_PYTHON="${DBF_FAKE_LLM_PYTHON}")
endfunction()
