# Unit tests for server/auth: JWT verification, minting, dev mode and RBAC.
# The RS256 key pair is generated at test time with the openssl CLI.
dbf_add_unit_test(test_auth SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_auth.c LIBS dbf_auth
                  LABELS auth)
