# The client SDKs' live test suites (clients/README.md): each runs in its own
# ecosystem's runner against the real server and the fixture PostgreSQL,
# through a proxy that cuts the connection mid-interview (tests/sdk/harness.py).
# tests/sdk/run.sh generates the code and installs what the suite needs
# (cached under .data/sdk). Label "sdk", so CI can choose where to run them.
foreach(lang IN ITEMS python go typescript)
  set(name "sdk_${lang}")
  add_test(NAME ${name} COMMAND ${CMAKE_CURRENT_LIST_DIR}/run.sh ${lang}
           WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
  set_tests_properties(${name} PROPERTIES TIMEOUT 600 LABELS "sdk"
    ENVIRONMENT "DEBRIEF_SERVER_BIN=$<TARGET_FILE:debrief-server>;DEBRIEF_GATEWAY_BIN=$<TARGET_FILE:debrief-gateway>;DEBRIEF_SOURCE_DIR=${CMAKE_SOURCE_DIR};DEBRIEF_PY_GEN=${CMAKE_BINARY_DIR}/py-gen;DEBRIEF_TEST_LOG_DIR=${CMAKE_BINARY_DIR}/test-logs;DEBRIEF_GOOGLEAPIS_DIR=${DBF_GOOGLEAPIS_DIR};DEBRIEF_HARNESS_PYTHON=${DBF_PYTHON}")
  dbf_use_test_db(${name})
endforeach()
