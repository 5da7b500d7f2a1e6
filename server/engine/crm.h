/*
 * crm.h - the CRM-ready record of a completed debrief, and the mapping
 * files that rename its fields for one CRM (docs/crm.md).
 *
 * A mapping file is data, like a template: <data_dir>/crm/<slug>.<target>.json
 *
 *   { "template": "sales_debrief", "target": "hubspot",
 *     "fields": { "budget": "amount", "deal_stage": "dealstage", ... },
 *     "include_unmapped": false }
 *
 * maps the field keys of template <slug> to the field names of CRM
 * <target>, so one template can feed different CRMs; the server uses the
 * files of the target it is configured for (DEBRIEF_CRM_TARGET). Every file
 * in crm/ is validated at start-up against templates/<slug>.json, whatever
 * its target, and a bad one stops the server with the file and the problem.
 * A template with no file for the target goes out under its own field keys.
 *
 * Pure CPU apart from reading the files; nothing here talks to a database
 * or the network.
 */
#ifndef DBF_ENGINE_CRM_H
#define DBF_ENGINE_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "engine/template.h"

#define DBF_CRM_SCHEMA         "debrief.crm.v1" /* the payload's "schema" member */
#define DBF_CRM_MAX_FILES      256              /* mapping files in crm/ */
#define DBF_CRM_MAX_FILE_BYTES (64 * 1024)      /* one mapping file */
#define DBF_CRM_MAX_NAME       128              /* bytes of one CRM field name */
#define DBF_CRM_MAX_TARGET     32               /* bytes of a target name */

/* One mapping file: field key -> CRM field name, in file order. Owned by its set. */
typedef struct dbf_crm_mapping {
  char *slug;
  char *target;
  char **keys;  /* template field keys */
  char **names; /* the CRM field names, same order */
  size_t n;
  bool include_unmapped; /* unmapped fields go out under their own keys */
} dbf_crm_mapping;

/* The mappings of one target. Free with dbf_crm_mappings_free. */
typedef struct dbf_crm_mappings {
  char *target;
  dbf_crm_mapping **items;
  size_t n;
} dbf_crm_mappings;

/* True when s is a valid target name: ^[a-z][a-z0-9_-]{0,31}$. */
bool dbf_crm_target_ok(const char *s);

/*
 * Parses and validates one mapping document for the template tpl (its
 * "template" must be tpl's slug and every mapped key one of its fields; CRM
 * names are 1..128 printable bytes and unique). target is the one the file
 * name gives; the document's "target" must equal it. *out is new; free with
 * dbf_crm_mapping_free. Borrows doc and tpl. DBF_ERR_INVALID names the
 * member and the problem.
 */
dbf_err dbf_crm_mapping_parse(const json_t *doc, const char *target, const dbf_template *tpl,
                              dbf_crm_mapping **out, dbf_status *st);
void dbf_crm_mapping_free(dbf_crm_mapping *m);

/*
 * Validates every <data_dir>/crm/<slug>.<target>.json (a missing crm/ is no
 * mapping at all) and keeps those of target. *out is new.
 */
dbf_err dbf_crm_mappings_load(const char *data_dir, const char *target, dbf_crm_mappings **out,
                              dbf_status *st);
void dbf_crm_mappings_free(dbf_crm_mappings *m);
/* The mapping of slug, or NULL (the identity). Borrowed from m; m may be NULL. */
const dbf_crm_mapping *dbf_crm_mappings_find(const dbf_crm_mappings *m, const char *slug);

/* What a payload is built from. Everything is borrowed. */
typedef struct dbf_crm_input {
  const char *target;
  const char *session_id;
  int64_t session_version;
  const char *template_slug;
  int template_version;
  const char *owner_id;
  const char *team_id;
  const char *subject_kind, *subject_key, *subject_title;
  const json_t *subject_attributes; /* object or NULL */
  const json_t *record;             /* extract.h record */
  const json_t *summary;            /* object or NULL */
} dbf_crm_input;

/*
 * The CRM-ready payload (docs/crm.md): the schema, the session, each
 * recorded field of tpl in template order under its CRM name with value,
 * confidence, evidence seqs and source, the summary and the next steps.
 * map NULL is the identity. *out is a new reference.
 */
dbf_err dbf_crm_payload(const dbf_template *tpl, const dbf_crm_mapping *map,
                        const dbf_crm_input *in, json_t **out, dbf_status *st);

#endif
