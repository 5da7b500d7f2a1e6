# Unit tests for server/delivery: the webhook signature (a test vector made
# with Python's hmac), the retry policy (statuses, backoff with jitter,
# Retry-After in both forms) and the settings.
dbf_add_unit_test(test_delivery SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_delivery.c
                  LIBS dbf_delivery LABELS delivery)
