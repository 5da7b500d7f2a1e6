dbf_add_unit_test(test_core SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_core.c LIBS dbf_core)
