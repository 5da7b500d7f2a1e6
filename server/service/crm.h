/*
 * crm.h - what the rest of service/ and main.c use of the CRM push
 * (crm_service.c, docs/crm.md): the automatic push on completion and the
 * delivery worker's lifetime.
 */
#ifndef DBF_SERVICE_CRM_H
#define DBF_SERVICE_CRM_H

#include "engine/crm.h"
#include "service/app.h"

/*
 * Inside the completion's transaction (turn.c): when tpl sets
 * crm.auto_push and a webhook is configured, builds the payload from in
 * and enqueues its delivery (trigger "auto") in tx, so the push commits
 * with the completion or not at all. A no-op otherwise. in->target is
 * filled here. Borrows everything.
 */
dbf_err dbf_crm_auto_push_tx(dbf_tx *tx, const dbf_template *tpl, dbf_crm_input *in,
                             dbf_status *st);

/* Starts the delivery worker with the settings read at registration (main.c). */
dbf_err dbf_crm_start(dbf_app *app, dbf_status *st);
/* Stops the worker and frees the settings and mappings. Idempotent. */
void dbf_crm_stop(void);

#endif
