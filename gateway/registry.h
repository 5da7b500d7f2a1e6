/*
 * registry.h - the protobuf-c service descriptors of the API, listed by a
 * file gateway/CMakeLists.txt generates from the .proto files of proto/debrief/v1, so
 * a new service or method needs no gateway code. The route table pairs
 * each method of the embedded descriptor set with its message descriptors
 * through this list.
 */
#ifndef DBF_GATEWAY_REGISTRY_H
#define DBF_GATEWAY_REGISTRY_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* Every service of proto/debrief/v1, in file order. Static; never freed. */
extern const ProtobufCServiceDescriptor *const dbf_gw_services[];
extern const size_t dbf_gw_services_len;

/* The embedded FileDescriptorSet (cmake/protobuf.cmake). */
extern const unsigned char dbf_descriptor_set[];
extern const unsigned long dbf_descriptor_set_len;

/*
 * The method `method` of the service with full name `service`
 * ("debrief.v1.SessionService"), or NULL. Borrowed, static.
 */
const ProtobufCMethodDescriptor *dbf_gw_registry_method(const char *service, const char *method);

#endif
