/*
 * reflection.c - gRPC server reflection, v1 and v1alpha, served from the
 * FileDescriptorSet the build embeds (cmake/protobuf.cmake), so grpcurl and
 * friends work without proto files.
 *
 * At start-up the set is split into its files by walking the wire format,
 * keeping each file's original bytes: reflection answers with exactly what
 * protoc produced, options and extensions included. Each file is also
 * unpacked once to index its symbols and dependencies.
 *
 * v1alpha's messages are field-for-field identical to v1's on the wire, so
 * both services are served with the v1 types; only the paths differ.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/log.h"
#include "google/protobuf/descriptor.pb-c.h"
#include "grpc/reflection/v1/reflection.pb-c.h"
#include "transport/server.h"
#include "transport/transport_int.h"

extern const unsigned char dbf_descriptor_set[];
extern const unsigned long dbf_descriptor_set_len;

#define REFLECTION_ARENA_BYTES (8u << 20) /* one response; the set is far smaller */
#define GRPC_CODE_NOT_FOUND    5          /* google.rpc.Code, sent inside error_response */

typedef struct refl_file {
  const uint8_t *data; /* into dbf_descriptor_set */
  size_t len;
  char *name;   /* owned */
  size_t *deps; /* owned; indices of the direct dependencies we have */
  size_t ndeps;
} refl_file;

typedef enum refl_kind {
  SYM_TYPE = 0, /* message, enum, service, method */
  SYM_EXTENSION,
} refl_kind;

typedef struct refl_sym {
  char *name;     /* owned, fully qualified, no leading dot */
  char *extendee; /* owned, SYM_EXTENSION only, no leading dot */
  int32_t number; /* SYM_EXTENSION only */
  refl_kind kind;
  size_t file;
} refl_sym;

struct dbf__reflection {
  dbf_server *srv;
  refl_file *files;
  size_t nfiles;
  refl_sym *syms;
  size_t nsyms, cap_syms;
  dbf_method methods[2];
};

/* ---- indexing ---- */

static bool read_varint(const uint8_t *p, size_t len, size_t *pos, uint64_t *out) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64 && *pos < len; shift += 7) {
    uint8_t b = p[(*pos)++];
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

static dbf_err add_sym(dbf__reflection *r, refl_kind kind, const char *scope, const char *name,
                       size_t file, char **full_out) {
  if (r->nsyms == r->cap_syms) {
    size_t cap = r->cap_syms ? r->cap_syms * 2 : 256;
    refl_sym *ns = dbf_realloc(r->syms, cap * sizeof *ns);
    if (!ns)
      return DBF_ERR_NOMEM;
    r->syms = ns;
    r->cap_syms = cap;
  }
  size_t n = strlen(scope) + 1 + strlen(name) + 1;
  char *full = dbf_malloc(n);
  if (!full)
    return DBF_ERR_NOMEM;
  snprintf(full, n, "%s%s%s", scope, *scope ? "." : "", name);
  r->syms[r->nsyms++] = (refl_sym){.name = full, .kind = kind, .file = file};
  if (full_out)
    *full_out = full;
  return DBF_OK;
}

static dbf_err add_extension(dbf__reflection *r, const char *scope,
                             const Google__Protobuf__FieldDescriptorProto *f, size_t file) {
  dbf_err rc = add_sym(r, SYM_EXTENSION, scope, f->name, file, NULL);
  if (rc)
    return rc;
  refl_sym *s = &r->syms[r->nsyms - 1];
  const char *ext = f->extendee ? f->extendee : "";
  s->extendee = dbf_strdup(ext[0] == '.' ? ext + 1 : ext);
  s->number = f->number;
  return s->extendee ? DBF_OK : DBF_ERR_NOMEM;
}

static dbf_err index_enum(dbf__reflection *r, const char *scope,
                          const Google__Protobuf__EnumDescriptorProto *e, size_t file) {
  return add_sym(r, SYM_TYPE, scope, e->name, file, NULL);
}

static dbf_err index_message(dbf__reflection *r, const char *scope,
                             const Google__Protobuf__DescriptorProto *m, size_t file) {
  char *full = NULL;
  dbf_err rc = add_sym(r, SYM_TYPE, scope, m->name, file, &full);
  for (size_t i = 0; !rc && i < m->n_nested_type; i++)
    rc = index_message(r, full, m->nested_type[i], file);
  for (size_t i = 0; !rc && i < m->n_enum_type; i++)
    rc = index_enum(r, full, m->enum_type[i], file);
  for (size_t i = 0; !rc && i < m->n_extension; i++)
    rc = add_extension(r, full, m->extension[i], file);
  return rc;
}

static dbf_err index_file(dbf__reflection *r, size_t idx,
                          const Google__Protobuf__FileDescriptorProto *fd) {
  const char *pkg = fd->package ? fd->package : "";
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && i < fd->n_message_type; i++)
    rc = index_message(r, pkg, fd->message_type[i], idx);
  for (size_t i = 0; !rc && i < fd->n_enum_type; i++)
    rc = index_enum(r, pkg, fd->enum_type[i], idx);
  for (size_t i = 0; !rc && i < fd->n_extension; i++)
    rc = add_extension(r, pkg, fd->extension[i], idx);
  for (size_t i = 0; !rc && i < fd->n_service; i++) {
    const Google__Protobuf__ServiceDescriptorProto *svc = fd->service[i];
    char *full = NULL;
    rc = add_sym(r, SYM_TYPE, pkg, svc->name, idx, &full);
    for (size_t j = 0; !rc && j < svc->n_method; j++)
      rc = add_sym(r, SYM_TYPE, full, svc->method[j]->name, idx, NULL);
  }
  return rc;
}

static ssize_t find_file(const dbf__reflection *r, const char *name) {
  for (size_t i = 0; i < r->nfiles; i++)
    if (!strcmp(r->files[i].name, name))
      return (ssize_t)i;
  return -1;
}

/*
 * Splits the FileDescriptorSet (repeated FileDescriptorProto file = 1) into
 * its files, then indexes each. The set is our own build output, so a parse
 * failure is a build bug, reported as INTERNAL.
 */
static dbf_err index_set(dbf__reflection *r, dbf_status *st) {
  const uint8_t *p = dbf_descriptor_set;
  size_t len = (size_t)dbf_descriptor_set_len, pos = 0, cap = 0;
  dbf_err rc = DBF_OK;
  char ***deps = NULL; /* per file: its dependency names, until resolved */
  size_t *ndeps = NULL;
  while (pos < len) {
    uint64_t tag = 0, flen = 0;
    if (!read_varint(p, len, &pos, &tag) || tag != ((1u << 3) | 2u) ||
        !read_varint(p, len, &pos, &flen) || flen > len - pos)
      return dbf_fail(st, DBF_ERR_INTERNAL, "the embedded descriptor set is malformed");
    if (r->nfiles == cap) {
      cap = cap ? cap * 2 : 32;
      refl_file *nf = dbf_realloc(r->files, cap * sizeof *nf);
      if (!nf)
        return dbf_fail(st, DBF_ERR_NOMEM, "out of memory indexing descriptors");
      r->files = nf;
    }
    r->files[r->nfiles++] = (refl_file){.data = p + pos, .len = (size_t)flen};
    pos += (size_t)flen;
  }
  deps = dbf_calloc(r->nfiles ? r->nfiles : 1, sizeof *deps);
  ndeps = dbf_calloc(r->nfiles ? r->nfiles : 1, sizeof *ndeps);
  if (!deps || !ndeps) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory indexing descriptors");
    goto out;
  }
  for (size_t i = 0; i < r->nfiles; i++) {
    Google__Protobuf__FileDescriptorProto *fd = google__protobuf__file_descriptor_proto__unpack(
        &dbf_protobuf_allocator, r->files[i].len, r->files[i].data);
    if (!fd) {
      rc = dbf_fail(st, DBF_ERR_INTERNAL, "file %zu of the descriptor set does not parse", i);
      goto out;
    }
    r->files[i].name = dbf_strdup(fd->name ? fd->name : "");
    deps[i] = dbf_calloc(fd->n_dependency ? fd->n_dependency : 1, sizeof *deps[i]);
    bool ok = r->files[i].name && deps[i];
    for (size_t j = 0; ok && j < fd->n_dependency; j++) {
      deps[i][j] = dbf_strdup(fd->dependency[j]);
      ok = deps[i][j] != NULL;
      ndeps[i] = j + 1;
    }
    if (ok)
      rc = index_file(r, i, fd);
    protobuf_c_message_free_unpacked(&fd->base, &dbf_protobuf_allocator);
    if (!ok || rc) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory indexing descriptors");
      goto out;
    }
  }
  for (size_t i = 0; i < r->nfiles; i++) {
    r->files[i].deps = dbf_calloc(ndeps[i] ? ndeps[i] : 1, sizeof *r->files[i].deps);
    if (!r->files[i].deps) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory indexing descriptors");
      goto out;
    }
    for (size_t j = 0; j < ndeps[i]; j++) {
      ssize_t d = find_file(r, deps[i][j]);
      if (d >= 0)
        r->files[i].deps[r->files[i].ndeps++] = (size_t)d;
    }
  }
out:
  for (size_t i = 0; deps && i < r->nfiles; i++) {
    for (size_t j = 0; deps[i] && j < ndeps[i]; j++)
      dbf_free(deps[i][j]);
    dbf_free(deps[i]);
  }
  dbf_free(deps);
  dbf_free(ndeps);
  return rc;
}

/* ---- answering ---- */

/* Linear scans: a few hundred symbols, looked up by humans with grpcurl. */
static ssize_t find_symbol(const dbf__reflection *r, const char *name) {
  if (name[0] == '.')
    name++;
  for (size_t i = 0; i < r->nsyms; i++)
    if (r->syms[i].kind == SYM_TYPE && !strcmp(r->syms[i].name, name))
      return (ssize_t)r->syms[i].file;
  return -1;
}

static void mark_deps(const dbf__reflection *r, size_t f, bool *seen, size_t *order, size_t *n) {
  if (seen[f])
    return;
  seen[f] = true;
  order[(*n)++] = f;
  for (size_t i = 0; i < r->files[f].ndeps; i++)
    mark_deps(r, r->files[f].deps[i], seen, order, n);
}

/* Fills resp with file f first, then its transitive dependencies. */
static dbf_err file_response(const dbf__reflection *r, dbf_arena *a, size_t f,
                             Grpc__Reflection__V1__ServerReflectionResponse *resp) {
  bool *seen = dbf_arena_calloc(a, r->nfiles, sizeof *seen);
  size_t *order = dbf_arena_calloc(a, r->nfiles, sizeof *order);
  Grpc__Reflection__V1__FileDescriptorResponse *fr = dbf_arena_alloc(a, sizeof *fr);
  if (!seen || !order || !fr)
    return DBF_ERR_NOMEM;
  size_t n = 0;
  mark_deps(r, f, seen, order, &n);
  grpc__reflection__v1__file_descriptor_response__init(fr);
  fr->file_descriptor_proto = dbf_arena_calloc(a, n, sizeof *fr->file_descriptor_proto);
  if (!fr->file_descriptor_proto)
    return DBF_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    fr->file_descriptor_proto[i].data = (uint8_t *)r->files[order[i]].data;
    fr->file_descriptor_proto[i].len = r->files[order[i]].len;
  }
  fr->n_file_descriptor_proto = n;
  resp->message_response_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE;
  resp->file_descriptor_response = fr;
  return DBF_OK;
}

static dbf_err error_response(dbf_arena *a, int code, const char *msg,
                              Grpc__Reflection__V1__ServerReflectionResponse *resp) {
  Grpc__Reflection__V1__ErrorResponse *er = dbf_arena_alloc(a, sizeof *er);
  if (!er)
    return DBF_ERR_NOMEM;
  grpc__reflection__v1__error_response__init(er);
  er->error_code = code;
  er->error_message = (char *)msg;
  resp->message_response_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ERROR_RESPONSE;
  resp->error_response = er;
  return DBF_OK;
}

static dbf_err list_response(const dbf__reflection *r, dbf_arena *a,
                             Grpc__Reflection__V1__ServerReflectionResponse *resp) {
  size_t n = dbf__server_service_count(r->srv);
  Grpc__Reflection__V1__ListServiceResponse *lr = dbf_arena_alloc(a, sizeof *lr);
  Grpc__Reflection__V1__ServiceResponse **svcs = dbf_arena_calloc(a, n ? n : 1, sizeof *svcs);
  if (!lr || !svcs)
    return DBF_ERR_NOMEM;
  grpc__reflection__v1__list_service_response__init(lr);
  for (size_t i = 0; i < n; i++) {
    svcs[i] = dbf_arena_alloc(a, sizeof *svcs[i]);
    if (!svcs[i])
      return DBF_ERR_NOMEM;
    grpc__reflection__v1__service_response__init(svcs[i]);
    svcs[i]->name = (char *)dbf__server_service_name(r->srv, i);
  }
  lr->service = svcs;
  lr->n_service = n;
  resp->message_response_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_LIST_SERVICES_RESPONSE;
  resp->list_services_response = lr;
  return DBF_OK;
}

static dbf_err extension_numbers(const dbf__reflection *r, dbf_arena *a, const char *type,
                                 Grpc__Reflection__V1__ServerReflectionResponse *resp) {
  const char *t = type[0] == '.' ? type + 1 : type;
  if (find_symbol(r, t) < 0)
    return error_response(a, GRPC_CODE_NOT_FOUND, "type not found", resp);
  Grpc__Reflection__V1__ExtensionNumberResponse *er = dbf_arena_alloc(a, sizeof *er);
  int32_t *nums = dbf_arena_calloc(a, r->nsyms ? r->nsyms : 1, sizeof *nums);
  if (!er || !nums)
    return DBF_ERR_NOMEM;
  grpc__reflection__v1__extension_number_response__init(er);
  er->base_type_name = (char *)t;
  for (size_t i = 0; i < r->nsyms; i++)
    if (r->syms[i].kind == SYM_EXTENSION && !strcmp(r->syms[i].extendee, t))
      nums[er->n_extension_number++] = r->syms[i].number;
  er->extension_number = nums;
  resp->message_response_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ALL_EXTENSION_NUMBERS_RESPONSE;
  resp->all_extension_numbers_response = er;
  return DBF_OK;
}

static dbf_err answer(const dbf__reflection *r, dbf_arena *a,
                      const Grpc__Reflection__V1__ServerReflectionRequest *req,
                      Grpc__Reflection__V1__ServerReflectionResponse *resp) {
  ssize_t f = -1;
  switch (req->message_request_case) {
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES:
      return list_response(r, a, resp);
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME:
      f = find_file(r, req->file_by_filename);
      if (f < 0)
        return error_response(a, GRPC_CODE_NOT_FOUND, "file not found", resp);
      return file_response(r, a, (size_t)f, resp);
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL:
      f = find_symbol(r, req->file_containing_symbol);
      if (f < 0)
        return error_response(a, GRPC_CODE_NOT_FOUND, "symbol not found", resp);
      return file_response(r, a, (size_t)f, resp);
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_EXTENSION: {
      const Grpc__Reflection__V1__ExtensionRequest *er = req->file_containing_extension;
      const char *t = er->containing_type[0] == '.' ? er->containing_type + 1 : er->containing_type;
      for (size_t i = 0; i < r->nsyms; i++)
        if (r->syms[i].kind == SYM_EXTENSION && r->syms[i].number == er->extension_number &&
            !strcmp(r->syms[i].extendee, t))
          return file_response(r, a, r->syms[i].file, resp);
      return error_response(a, GRPC_CODE_NOT_FOUND, "extension not found", resp);
    }
    case GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_ALL_EXTENSION_NUMBERS_OF_TYPE:
      return extension_numbers(r, a, req->all_extension_numbers_of_type, resp);
    default:
      return error_response(a, 3 /* INVALID_ARGUMENT */, "no request was set", resp);
  }
}

static void on_request(dbf_call *call, const ProtobufCMessage *msg) {
  const dbf__reflection *r = dbf_call_method(call)->data;
  const Grpc__Reflection__V1__ServerReflectionRequest *req = (const void *)msg;
  /* A response-sized arena per request: a long reflection stream (grpcurl
   * keeps one open) must not accumulate memory in the call arena. */
  dbf_arena *a = dbf_arena_create(REFLECTION_ARENA_BYTES);
  Grpc__Reflection__V1__ServerReflectionResponse resp =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__INIT;
  resp.valid_host = req->host;
  resp.original_request = (Grpc__Reflection__V1__ServerReflectionRequest *)req;
  dbf_err rc = a ? answer(r, a, req, &resp) : DBF_ERR_NOMEM;
  if (!rc)
    rc = dbf_call_send(call, &resp.base);
  dbf_arena_destroy(a);
  if (rc == DBF_ERR_NOMEM)
    dbf_call_finish(call, rc, "out of memory answering a reflection request");
  else if (rc && rc != DBF_ERR_CANCELLED)
    dbf_call_finish(call, rc, "cannot send the reflection response");
}

static dbf_err on_start(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  return DBF_OK; /* all work happens per message */
}

static void on_half_close(dbf_call *call) {
  dbf_call_finish(call, DBF_OK, NULL);
}

dbf_err dbf__reflection_add(dbf_server *srv, dbf__reflection **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf__reflection *r = dbf_calloc(1, sizeof *r);
  if (!r)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory adding reflection");
  r->srv = srv;
  if ((rc = index_set(r, st)))
    goto out;
  static const char *const paths[2] = {
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
  };
  for (size_t i = 0; i < 2; i++)
    r->methods[i] = (dbf_method){
        .path = paths[i],
        .kind = DBF_RPC_BIDI_STREAMING,
        .request = &grpc__reflection__v1__server_reflection_request__descriptor,
        .response = &grpc__reflection__v1__server_reflection_response__descriptor,
        .on_start = on_start,
        .on_message = on_request,
        .on_half_close = on_half_close,
        .public_call = true, /* describes the API, never data */
        .data = r,
    };
  rc = dbf_server_add_methods(srv, r->methods, DBF_ARRAY_LEN(r->methods), st);
out:
  if (rc) {
    dbf__reflection_free(r);
    r = NULL;
  }
  *out = r;
  return rc;
}

void dbf__reflection_free(dbf__reflection *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nfiles; i++) {
    dbf_free(r->files[i].name);
    dbf_free(r->files[i].deps);
  }
  for (size_t i = 0; i < r->nsyms; i++) {
    dbf_free(r->syms[i].name);
    dbf_free(r->syms[i].extendee);
  }
  dbf_free(r->files);
  dbf_free(r->syms);
  dbf_free(r);
}
