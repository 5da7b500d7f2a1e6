# A throwaway PostgreSQL database per unit-test program (testdb.h), shared by
# the store's tests.
add_library(dbf_test_db STATIC ${CMAKE_CURRENT_LIST_DIR}/testdb.c)
target_include_directories(dbf_test_db PUBLIC "${CMAKE_CURRENT_LIST_DIR}/..")
target_link_libraries(dbf_test_db PUBLIC PkgConfig::CMOCKA PkgConfig::LIBPQ dbf_store)
