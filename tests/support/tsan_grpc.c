/*
 * tsan_grpc.c - the gRPC completion queue's ordering, told to
 * ThreadSanitizer. Linked into every executable of a DBF_TSAN build and
 * nowhere else (see the root CMakeLists.txt).
 *
 * The system libgrpc is not built with -fsanitize=thread: it hands a tag
 * from the thread that starts an operation to the thread that takes the
 * completion with absl::Mutex and atomics TSan cannot see. Its C API
 * promises that whatever a thread did before starting an operation with a
 * tag happens before grpc_completion_queue_next or _pluck returns that tag,
 * on any thread. Without that edge TSan reports every field of a call that
 * one thread sets before grpc_call_start_batch and the completion-queue
 * thread reads after the tag comes back (cq_main reading t->fn, for one).
 *
 * The definitions below take the place of the library's functions that
 * accept or return a tag (the executable's symbols come before libgrpc's),
 * call the library's own through dlsym(RTLD_NEXT), and add exactly that
 * edge: a release on the tag before it is handed over, an acquire on it
 * when it comes back. They change nothing else. The names are gRPC's, not
 * ours, because interposing needs them.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <grpc/grpc.h>
#include <sanitizer/tsan_interface.h>

typedef grpc_call_error (*start_batch_fn)(grpc_call *, const grpc_op *, size_t, void *, void *);
typedef grpc_call_error (*request_call_fn)(grpc_server *, grpc_call **, grpc_call_details *,
                                           grpc_metadata_array *, grpc_completion_queue *,
                                           grpc_completion_queue *, void *);
typedef grpc_call_error (*request_registered_fn)(grpc_server *, void *, grpc_call **,
                                                 gpr_timespec *, grpc_metadata_array *,
                                                 grpc_byte_buffer **, grpc_completion_queue *,
                                                 grpc_completion_queue *, void *);
typedef void (*shutdown_notify_fn)(grpc_server *, grpc_completion_queue *, void *);
typedef grpc_event (*cq_next_fn)(grpc_completion_queue *, gpr_timespec, void *);
typedef grpc_event (*cq_pluck_fn)(grpc_completion_queue *, void *, gpr_timespec, void *);

/* Resolved once, before main, while the process has one thread. */
static start_batch_fn real_start_batch;
static request_call_fn real_request_call;
static request_registered_fn real_request_registered;
static shutdown_notify_fn real_shutdown_notify;
static cq_next_fn real_cq_next;
static cq_pluck_fn real_cq_pluck;

static void *next_symbol(const char *name) {
  void *p = dlsym(RTLD_NEXT, name);
  if (!p) {
    /* Only a broken link gets here; there is no way to carry on. */
    fprintf(stderr, "tsan_grpc: %s not found after the executable\n", name);
    abort();
  }
  return p;
}

__attribute__((constructor)) static void resolve(void) {
  real_start_batch = (start_batch_fn)next_symbol("grpc_call_start_batch");
  real_request_call = (request_call_fn)next_symbol("grpc_server_request_call");
  real_request_registered =
      (request_registered_fn)next_symbol("grpc_server_request_registered_call");
  real_shutdown_notify = (shutdown_notify_fn)next_symbol("grpc_server_shutdown_and_notify");
  real_cq_next = (cq_next_fn)next_symbol("grpc_completion_queue_next");
  real_cq_pluck = (cq_pluck_fn)next_symbol("grpc_completion_queue_pluck");
}

grpc_call_error grpc_call_start_batch(grpc_call *call, const grpc_op *ops, size_t nops, void *tag,
                                      void *reserved) {
  if (tag)
    __tsan_release(tag);
  return real_start_batch(call, ops, nops, tag, reserved);
}

grpc_call_error grpc_server_request_call(grpc_server *server, grpc_call **call,
                                         grpc_call_details *details, grpc_metadata_array *md,
                                         grpc_completion_queue *cq_call,
                                         grpc_completion_queue *cq_notify, void *tag) {
  if (tag)
    __tsan_release(tag);
  return real_request_call(server, call, details, md, cq_call, cq_notify, tag);
}

grpc_call_error grpc_server_request_registered_call(grpc_server *server, void *method,
                                                    grpc_call **call, gpr_timespec *deadline,
                                                    grpc_metadata_array *md,
                                                    grpc_byte_buffer **payload,
                                                    grpc_completion_queue *cq_call,
                                                    grpc_completion_queue *cq_notify, void *tag) {
  if (tag)
    __tsan_release(tag);
  return real_request_registered(server, method, call, deadline, md, payload, cq_call, cq_notify,
                                 tag);
}

void grpc_server_shutdown_and_notify(grpc_server *server, grpc_completion_queue *cq, void *tag) {
  if (tag)
    __tsan_release(tag);
  real_shutdown_notify(server, cq, tag);
}

grpc_event grpc_completion_queue_next(grpc_completion_queue *cq, gpr_timespec deadline,
                                      void *reserved) {
  grpc_event ev = real_cq_next(cq, deadline, reserved);
  if (ev.type == GRPC_OP_COMPLETE && ev.tag)
    __tsan_acquire(ev.tag);
  return ev;
}

grpc_event grpc_completion_queue_pluck(grpc_completion_queue *cq, void *tag, gpr_timespec deadline,
                                       void *reserved) {
  grpc_event ev = real_cq_pluck(cq, tag, deadline, reserved);
  if (ev.type == GRPC_OP_COMPLETE && ev.tag)
    __tsan_acquire(ev.tag);
  return ev;
}
