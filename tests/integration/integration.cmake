# Integration tests: pytest modules that start the real debrief-server
# against the fixture PostgreSQL cluster and drive it with grpcio.
set(DBF_PYTHON "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3" CACHE FILEPATH
    "Python with grpcio, grpcio-tools, googleapis-common-protos and pytest")
file(GLOB DBF_PY_TESTS "${CMAKE_CURRENT_LIST_DIR}/test_*.py")
foreach(t IN LISTS DBF_PY_TESTS)
  get_filename_component(n "${t}" NAME_WE)
  set(name "it_${n}")
  string(REPLACE "it_test_" "it_" name "${name}")
  add_test(NAME ${name}
           COMMAND ${DBF_PYTHON} -m pytest -q -p no:cacheprovider -x "${t}"
           WORKING_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}")
  set_tests_properties(${name} PROPERTIES TIMEOUT 300 LABELS "integration"
    ENVIRONMENT "DEBRIEF_SERVER_BIN=$<TARGET_FILE:debrief-server>;DEBRIEF_GATEWAY_BIN=$<TARGET_FILE:debrief-gateway>;DEBRIEF_SOURCE_DIR=${CMAKE_SOURCE_DIR};DEBRIEF_PY_GEN=${CMAKE_BINARY_DIR}/py-gen;DEBRIEF_TEST_LOG_DIR=${CMAKE_BINARY_DIR}/test-logs;DEBRIEF_GOOGLEAPIS_DIR=${DBF_GOOGLEAPIS_DIR};DEBRIEF_GRPC_PROTO_DIR=${DBF_GRPC_PROTO_DIR}")
  dbf_use_test_db(${name})
endforeach()
# The evaluation over gRPC plays every scripted case (589 now, about 2.5
# minutes on two loaded cores); it grows with the sets.
set_tests_properties(it_eval_e2e PROPERTIES TIMEOUT 900)
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/test-logs")
