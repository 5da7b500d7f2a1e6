# server/store against a real PostgreSQL (skips without DEBRIEF_TEST_DATABASE_URL).
dbf_add_unit_test(test_store SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store.c
                  LIBS dbf_store dbf_test_db LABELS db)
dbf_use_test_db(test_store)
dbf_add_unit_test(test_store_turns SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_turns.c
                  LIBS dbf_store dbf_test_db LABELS db)
dbf_use_test_db(test_store_turns)
# server/store/listen.c: the notification listener, on its own empty database.
dbf_add_unit_test(test_store_listen SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_listen.c
                  LIBS dbf_store dbf_test_db LABELS db)
dbf_use_test_db(test_store_listen)
# Out-of-memory sweeps (dbf_alloc_fail_after) of the store's page tokens.
dbf_add_unit_test(test_store_oom SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_oom.c LIBS dbf_store
                  LABELS oom)
# server/store/crm.c: the CRM outbox's enqueue, lease, fence, retry and list.
dbf_add_unit_test(test_store_crm SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_crm.c
                  LIBS dbf_store dbf_test_db LABELS db)
dbf_use_test_db(test_store_crm)
# The pure rules of server/store/analytics.c: range, RBAC scope, quantiles.
dbf_add_unit_test(test_store_analytics SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_analytics.c
                  LIBS dbf_store)
