# Tests of clients/ (clients/README.md). The C client's live suite is a
# cmocka binary run by tests/integration/test_client_c.py, which starts the
# server, PostgreSQL and a TCP proxy that cuts the connection mid-interview;
# the CLI is driven by tests/integration/test_cli.py through a pty. Both
# pytest files are ctest entries of tests/integration (it_client_c,
# it_cli); they are labelled sdk here once that fragment has declared them.
add_executable(test_dbc_interview ${CMAKE_CURRENT_LIST_DIR}/c/test_interview.c)
target_link_libraries(test_dbc_interview PRIVATE debrief_client PkgConfig::CMOCKA)

function(dbc_label_sdk_tests)
  foreach(t it_client_c it_cli it_nanopb)
    if(TEST ${t})
      set_property(TEST ${t} APPEND PROPERTY LABELS sdk)
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} CALL dbc_label_sdk_tests)

# The nanopb client's live test (tests/integration/test_nanopb.py runs it).
add_executable(test_dbn ${CMAKE_CURRENT_LIST_DIR}/nanopb/test_nanopb.c)
target_link_libraries(test_dbn PRIVATE debrief_nanopb PkgConfig::CMOCKA)
