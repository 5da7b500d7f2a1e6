/*
 * ops.h - what the service layer counts for OpsService.GetMetrics
 * (ops_service.c; every metric is in docs/operations.md).
 */
#ifndef DBF_SERVICE_OPS_H
#define DBF_SERVICE_OPS_H

#include "service/app.h"

/* Why an answer went to the offline engine although a model is configured. */
typedef enum dbf_ops_fallback {
  DBF_OPS_FALLBACK_MODEL_FAILED = 0, /* a model step failed, timed out or was refused */
  DBF_OPS_FALLBACK_NO_TIME,          /* the call's deadline left no time for the model */
  DBF_OPS_FALLBACK_LANE_FULL,        /* every model-lane thread was busy */
} dbf_ops_fallback;

/* Counts one fallback in debrief_llm_fallbacks_total{provider,reason}. Any thread; no lock. */
void dbf_ops_count_fallback(const dbf_app *app, dbf_ops_fallback why);

#endif
