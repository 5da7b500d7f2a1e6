/*
 * registry.c - lookups over the generated list of service descriptors
 * (registry.h).
 */
#include "gateway/registry.h"

#include <string.h>

const ProtobufCMethodDescriptor *dbf_gw_registry_method(const char *service, const char *method) {
  for (size_t i = 0; i < dbf_gw_services_len; i++) {
    const ProtobufCServiceDescriptor *s = dbf_gw_services[i];
    if (strcmp(s->name, service) == 0)
      return protobuf_c_service_descriptor_get_method_by_name(s, method);
  }
  return NULL;
}
