/*
 * planned_service.c - RPCs of the v1 contract whose handlers come in later
 * issues (analytics, export and CRM push).
 *
 * They are registered with no handler so that reflection lists the whole
 * v1 surface and clients generated from it get an immediate UNIMPLEMENTED
 * ("method ... is not implemented yet") instead of a hang or a generic
 * unknown-method error. When a service is built, its entries move to its
 * own <name>_service.c.
 */
#include "debrief/v1/export_service.pb-c.h"
#include "service/services.h"

#define PLANNED(svc, rpc, kind_, req, resp)                                                        \
  {                                                                                                \
    .path = "/debrief.v1." svc "/" rpc, .kind = kind_, .request = &req##__descriptor,              \
    .response = &resp##__descriptor, .policy = DBF_POLICY_MEMBER,                                  \
  }

static dbf_method methods[] = {
    PLANNED("ExportService", "ExportSession", DBF_RPC_UNARY, debrief__v1__export_session_request,
            debrief__v1__export_session_response),
    PLANNED("ExportService", "ExportSessions", DBF_RPC_SERVER_STREAMING,
            debrief__v1__export_sessions_request, debrief__v1__export_sessions_response),
    PLANNED("ExportService", "GetCrmPayload", DBF_RPC_UNARY, debrief__v1__get_crm_payload_request,
            debrief__v1__get_crm_payload_response),
    PLANNED("ExportService", "PushToCrm", DBF_RPC_UNARY, debrief__v1__push_to_crm_request,
            debrief__v1__push_to_crm_response),
};

dbf_err dbf_planned_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(methods); i++)
    methods[i].data = app;
  return dbf_server_add_methods(srv, methods, DBF_ARRAY_LEN(methods), st);
}
