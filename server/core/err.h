/*
 * err.h - debrief's one error idiom.
 *
 * Every fallible function returns dbf_err, with DBF_OK (0) meaning success,
 * and hands results back through out-parameters. Functions whose failure a
 * person may need to act on also take a dbf_status, which carries the code
 * and a human-readable message. gRPC status codes are produced from these in
 * exactly one place (server/transport/status.c), never scattered around.
 */
#ifndef DBF_CORE_ERR_H
#define DBF_CORE_ERR_H

#include <stddef.h>

typedef enum dbf_err {
  DBF_OK = 0,
  DBF_ERR_INVALID,         /* the peer sent bad input: INVALID_ARGUMENT */
  DBF_ERR_NOMEM,           /* an allocation failed: RESOURCE_EXHAUSTED */
  DBF_ERR_NOT_FOUND,       /* no such thing, or not yours: NOT_FOUND */
  DBF_ERR_UNAUTHENTICATED, /* missing or bad credentials: UNAUTHENTICATED */
  DBF_ERR_PERMISSION,      /* role not allowed: PERMISSION_DENIED */
  DBF_ERR_STATE,           /* wrong state for the request: FAILED_PRECONDITION */
  DBF_ERR_UNAVAILABLE,     /* a dependency (database, provider) is down: UNAVAILABLE */
  DBF_ERR_TOO_BIG,         /* size or rate limit exceeded: RESOURCE_EXHAUSTED */
  DBF_ERR_DEADLINE,        /* the caller's deadline passed: DEADLINE_EXCEEDED */
  DBF_ERR_CONFLICT,        /* optimistic concurrency lost, retry: ABORTED */
  DBF_ERR_EXISTS,          /* a unique thing already exists: ALREADY_EXISTS */
  DBF_ERR_CANCELLED,       /* the caller went away: CANCELLED */
  DBF_ERR_UNIMPLEMENTED,   /* not built yet: UNIMPLEMENTED */
  DBF_ERR_INTERNAL,        /* a bug or broken invariant: INTERNAL */
  DBF_ERR_IO,              /* a local I/O failure (files, sockets): INTERNAL */
  DBF_ERR__COUNT
} dbf_err;

#define DBF_STATUS_MSG_MAX 512

/* An error code plus a message a person can act on. Zero-initialise it. */
typedef struct dbf_status {
  dbf_err code;
  char msg[DBF_STATUS_MSG_MAX];
} dbf_status;

/* Returns a static, stable name such as "INVALID". Never NULL. */
const char *dbf_err_name(dbf_err err);

/*
 * Records code and a printf-style message in st (which may be NULL) and
 * returns code, so a caller can write `return dbf_fail(st, DBF_ERR_INVALID,
 * "page_size must be at most %d", max);`. An earlier message is replaced.
 */
dbf_err dbf_fail(dbf_status *st, dbf_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets st to DBF_OK with an empty message. */
void dbf_status_clear(dbf_status *st);

/* Debug-only invariant check (docs/conventions.md rule 8). Input errors never use this. */
#ifdef NDEBUG
#define DBF_ASSERT(x) ((void)0)
#else
#include <assert.h>
#define DBF_ASSERT(x) assert(x)
#endif

#define DBF_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The canonical names of the gRPC status codes, indexed by code (0 "OK"
 * .. 16 "UNAUTHENTICATED"): the server's logs and metrics and the clients
 * (clients/c) name statuses from this one table.
 */
#define DBF_GRPC_CODE_COUNT 17
extern const char *const dbf_grpc_code_names[DBF_GRPC_CODE_COUNT];
/* The name of a gRPC status code; "UNKNOWN" for codes outside the table. */
const char *dbf_grpc_code_name(int code);

#endif
