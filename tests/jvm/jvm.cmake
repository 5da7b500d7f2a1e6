# The JVM clients' Maven suites (clients/jvm), each run by a pytest file
# here that starts the real server (tests/integration/conftest.py) and runs
# mvn -o test against it. scripts/jvm-deps.sh fills .data/m2 first. They
# share the Maven build output, so they never run at the same time.
file(GLOB DBF_JVM_TESTS "${CMAKE_CURRENT_LIST_DIR}/test_*.py")
foreach(t IN LISTS DBF_JVM_TESTS)
  get_filename_component(n "${t}" NAME_WE)
  string(REPLACE "test_" "" n "${n}") # test_java.py -> sdk_java
  set(name "sdk_${n}")
  add_test(NAME ${name}
           COMMAND ${DBF_PYTHON} -m pytest -q -s -p no:cacheprovider -x "${t}"
           WORKING_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}")
  set_tests_properties(${name} PROPERTIES TIMEOUT 300 LABELS "sdk" RESOURCE_LOCK jvm_build
    ENVIRONMENT "DEBRIEF_SERVER_BIN=$<TARGET_FILE:debrief-server>;DEBRIEF_SOURCE_DIR=${CMAKE_SOURCE_DIR};DEBRIEF_PY_GEN=${CMAKE_BINARY_DIR}/py-gen;DEBRIEF_TEST_LOG_DIR=${CMAKE_BINARY_DIR}/test-logs;DEBRIEF_GOOGLEAPIS_DIR=${DBF_GOOGLEAPIS_DIR};DEBRIEF_JVM_OUT=${CMAKE_BINARY_DIR}/jvm;DEBRIEF_M2=${CMAKE_SOURCE_DIR}/.data/m2")
  dbf_use_test_db(${name})
endforeach()
