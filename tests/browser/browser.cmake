# Browser tests: the web app (gateway/web/) in Debian's chromium, driven by
# playwright-core (tests/browser/scenarios.mjs), against the real server,
# gateway and PostgreSQL, which test_browser.py starts the way the
# integration tests do. scripts/deps.sh installs chromium and the npm
# packages (npm ci from the committed lock file).
set(DBF_PYTHON "${CMAKE_SOURCE_DIR}/.data/venv/bin/python3" CACHE FILEPATH
    "Python with grpcio, grpcio-tools, googleapis-common-protos and pytest")
find_program(DBF_NODE node)
add_test(NAME browser_app
         COMMAND ${DBF_PYTHON} -m pytest -q -p no:cacheprovider -x
                 "${CMAKE_CURRENT_LIST_DIR}/test_browser.py"
         WORKING_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}")
set_tests_properties(browser_app PROPERTIES TIMEOUT 600 LABELS "browser"
  ENVIRONMENT "DEBRIEF_SERVER_BIN=$<TARGET_FILE:debrief-server>;DEBRIEF_GATEWAY_BIN=$<TARGET_FILE:debrief-gateway>;DEBRIEF_SOURCE_DIR=${CMAKE_SOURCE_DIR};DEBRIEF_PY_GEN=${CMAKE_BINARY_DIR}/py-gen;DEBRIEF_TEST_LOG_DIR=${CMAKE_BINARY_DIR}/test-logs;DEBRIEF_GOOGLEAPIS_DIR=${DBF_GOOGLEAPIS_DIR};DEBRIEF_GRPC_PROTO_DIR=${DBF_GRPC_PROTO_DIR};DEBRIEF_NODE=${DBF_NODE};DEBRIEF_BROWSER_ARTIFACTS=${CMAKE_BINARY_DIR}/browser-artifacts")
dbf_use_test_db(browser_app)
