# The PostgreSQL fixture shared by every test that needs a database.
#
# pg_start (FIXTURES_SETUP db) creates a fresh, socket-only cluster under
# <build>/pgtest; pg_stop (FIXTURES_CLEANUP db) stops it. The port is derived
# from the build directory, so two build trees (build/, build-asan/) can run
# their suites at the same time and the URL is known at configure time.
# Tests opt in with dbf_use_test_db(<test>), which adds FIXTURES_REQUIRED db
# and sets DEBRIEF_TEST_DATABASE_URL. tests/CMakeLists.txt includes this file
# before every other fragment, so all of them can call it.
set(DBF_PGTEST_DIR "${CMAKE_BINARY_DIR}/pgtest")
string(MD5 _dbf_pg_hash "${CMAKE_BINARY_DIR}")
string(SUBSTRING "${_dbf_pg_hash}" 0 4 _dbf_pg_hex)
math(EXPR _dbf_pg_n "0x${_dbf_pg_hex} % 9000") # 56000..64999: always a valid port
math(EXPR _dbf_pg_default_port "56000 + ${_dbf_pg_n}")
set(DBF_PGTEST_PORT "${_dbf_pg_default_port}" CACHE STRING
    "Port of the test PostgreSQL cluster (its socket lives under <build>/pgtest)")
set(DBF_TEST_DATABASE_URL
    "postgresql://postgres@/debrief?host=${DBF_PGTEST_DIR}/run&port=${DBF_PGTEST_PORT}")

add_test(NAME pg_start COMMAND ${CMAKE_CURRENT_LIST_DIR}/pg_fixture.sh start
                               ${DBF_PGTEST_DIR} ${DBF_PGTEST_PORT})
add_test(NAME pg_stop COMMAND ${CMAKE_CURRENT_LIST_DIR}/pg_fixture.sh stop ${DBF_PGTEST_DIR})
set_tests_properties(pg_start PROPERTIES FIXTURES_SETUP db TIMEOUT 120 LABELS "fixture")
set_tests_properties(pg_stop PROPERTIES FIXTURES_CLEANUP db TIMEOUT 120 LABELS "fixture")

# dbf_use_test_db(<test>): <test> runs after pg_start, before pg_stop, and
# finds the database in DEBRIEF_TEST_DATABASE_URL. Existing ENVIRONMENT
# entries are kept.
function(dbf_use_test_db name)
  set_property(TEST ${name} APPEND PROPERTY FIXTURES_REQUIRED db)
  set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT
               "DEBRIEF_TEST_DATABASE_URL=${DBF_TEST_DATABASE_URL}")
endfunction()
