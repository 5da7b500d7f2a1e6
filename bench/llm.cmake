# bench_relay: provider-delta -> caller-receipt latency through the LLM layer
# against the fake provider, versus raw curl in the same run. Not a ctest:
# run it by hand, see the top of bench/relay.c.
if(EXISTS "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
  set(DBF_BENCH_PYTHON "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3")
else()
  find_program(DBF_BENCH_PYTHON python3 REQUIRED)
endif()
add_executable(bench_relay ${CMAKE_CURRENT_LIST_DIR}/relay.c
               ${CMAKE_SOURCE_DIR}/tests/fake_llm/fake_llm.c)
target_include_directories(bench_relay PRIVATE "${CMAKE_SOURCE_DIR}/tests/fake_llm")
target_compile_definitions(bench_relay PRIVATE DBF_PYTHON="${DBF_BENCH_PYTHON}"
                           DBF_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_link_libraries(bench_relay PRIVATE dbf_llm)
