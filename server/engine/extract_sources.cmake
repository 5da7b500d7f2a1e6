# The rule extractor's sources, included by server/engine/CMakeLists.txt:
# the driver, the merge, answer signals, and one rule module per extractor
# kind under rules/ (registry.c lists the kinds).
set(DBF_EXTRACT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/extract.c
  ${CMAKE_CURRENT_LIST_DIR}/record_merge.c
  ${CMAKE_CURRENT_LIST_DIR}/answer.c
  ${CMAKE_CURRENT_LIST_DIR}/labelled.c
  ${CMAKE_CURRENT_LIST_DIR}/lexicon.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_date.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_money.c
  ${CMAKE_CURRENT_LIST_DIR}/parse_people.c
  ${CMAKE_CURRENT_LIST_DIR}/text.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/registry.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/util.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/none_said.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/money.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/number.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/bool.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/date.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/date_range.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/enum.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/named_list.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/clause_list.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/people.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/action_items.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/metrics.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/title.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/organization.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/free_text.c
  ${CMAKE_CURRENT_LIST_DIR}/rules/items.c)
