# Generates protobuf-c code at build time (docs/conventions.md rule 14) for our API, the
# well-known types it uses, google.api annotations, and the gRPC health and
# reflection services, plus an embedded FileDescriptorSet for reflection.

find_program(PROTOC protoc REQUIRED)
find_program(PROTOC_C protoc-c REQUIRED)

# google/api/*.proto come from a package, never from our tree
# (docs/architecture.md, section 6).
find_path(DBF_GOOGLEAPIS_DIR google/api/annotations.proto
  PATHS /usr/share/gocode/src/github.com/gogo/googleapis
  DOC "Directory holding google/api/annotations.proto")
find_path(DBF_GRPC_PROTO_DIR grpc/health/v1/health.proto
  PATHS /usr/share/grpc-proto DOC "Directory holding grpc/health/v1/health.proto")
find_path(DBF_WKT_DIR google/protobuf/struct.proto PATHS /usr/include
  DOC "Directory holding the protobuf well-known types")
if(NOT DBF_GOOGLEAPIS_DIR OR NOT DBF_GRPC_PROTO_DIR OR NOT DBF_WKT_DIR)
  message(FATAL_ERROR "Missing proto packages: install golang-github-gogo-googleapis-dev, "
                      "grpc-proto and protobuf-compiler (scripts/deps.sh does).")
endif()

set(DBF_PROTO_GEN "${CMAKE_BINARY_DIR}/gen")
file(MAKE_DIRECTORY "${DBF_PROTO_GEN}")

file(GLOB DBF_API_PROTOS RELATIVE "${CMAKE_SOURCE_DIR}/proto"
     "${CMAKE_SOURCE_DIR}/proto/debrief/v1/*.proto")
set(DBF_THIRD_PARTY_PROTOS
    google/api/annotations.proto google/api/http.proto
    google/protobuf/descriptor.proto google/protobuf/struct.proto
    google/protobuf/timestamp.proto google/protobuf/empty.proto
    grpc/health/v1/health.proto
    grpc/reflection/v1/reflection.proto grpc/reflection/v1alpha/reflection.proto
    # google.rpc.Status: the gateway's error body in application/x-protobuf.
    google/protobuf/any.proto google/rpc/status.proto)
set(DBF_PROTO_INCLUDES -I${CMAKE_SOURCE_DIR}/proto -I${DBF_GOOGLEAPIS_DIR}
    -I${DBF_GRPC_PROTO_DIR} -I${DBF_WKT_DIR})

set(DBF_PROTO_SRCS)
set(DBF_PROTO_DEPS)
foreach(p IN LISTS DBF_API_PROTOS DBF_THIRD_PARTY_PROTOS)
  string(REGEX REPLACE "\\.proto$" "" stem "${p}")
  list(APPEND DBF_PROTO_SRCS "${DBF_PROTO_GEN}/${stem}.pb-c.c")
endforeach()
foreach(p IN LISTS DBF_API_PROTOS)
  list(APPEND DBF_PROTO_DEPS "${CMAKE_SOURCE_DIR}/proto/${p}")
endforeach()

add_custom_command(
  OUTPUT ${DBF_PROTO_SRCS}
  COMMAND ${PROTOC_C} ${DBF_PROTO_INCLUDES} --c_out=${DBF_PROTO_GEN}
          ${DBF_API_PROTOS} ${DBF_THIRD_PARTY_PROTOS}
  DEPENDS ${DBF_PROTO_DEPS}
  COMMENT "Generating protobuf-c code"
  VERBATIM)

# The descriptor set served by gRPC reflection, embedded as a C array.
set(DBF_DESCRIPTOR_SET "${DBF_PROTO_GEN}/debrief.binpb")
set(DBF_DESCRIPTOR_C "${DBF_PROTO_GEN}/descriptor_set.c")
add_custom_command(
  OUTPUT ${DBF_DESCRIPTOR_SET}
  COMMAND ${PROTOC} ${DBF_PROTO_INCLUDES} --include_imports
          --descriptor_set_out=${DBF_DESCRIPTOR_SET}
          ${DBF_API_PROTOS} grpc/health/v1/health.proto
          grpc/reflection/v1/reflection.proto grpc/reflection/v1alpha/reflection.proto
  DEPENDS ${DBF_PROTO_DEPS}
  COMMENT "Building the reflection descriptor set"
  VERBATIM)
add_custom_command(
  OUTPUT ${DBF_DESCRIPTOR_C}
  COMMAND ${CMAKE_COMMAND} -DIN=${DBF_DESCRIPTOR_SET} -DOUT=${DBF_DESCRIPTOR_C}
          -DSYMBOL=dbf_descriptor_set -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${DBF_DESCRIPTOR_SET} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  VERBATIM)

add_library(dbf_proto STATIC ${DBF_PROTO_SRCS} ${DBF_DESCRIPTOR_C})
target_include_directories(dbf_proto PUBLIC "${DBF_PROTO_GEN}")
target_link_libraries(dbf_proto PUBLIC PkgConfig::PROTOBUFC)
# Generated code is not ours to warn about.
target_compile_options(dbf_proto PRIVATE -w)
