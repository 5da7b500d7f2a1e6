/*
 * dbn.h - a heap-free debrief client for constrained devices, on nanopb.
 *
 * nanopb has no gRPC transport, so the device talks to the gateway's REST
 * routes with application/x-protobuf bodies and replies (docs/gateway.md):
 * dbn_call encodes the request message with nanopb, sends it over a plain
 * TCP socket as HTTP/1.1, and decodes the reply (or the google.rpc.Status
 * of an error) into the caller's structs. All memory is the caller's: the
 * client's work buffer holds the HTTP request and reply, and the messages
 * are the fixed-size structs that debrief.options bounds. Nothing here
 * allocates. One call at a time per work buffer; no TLS (put the device
 * behind a trusted link or a TLS-terminating proxy).
 */
#ifndef DBN_H
#define DBN_H

#include <stddef.h>
#include <stdint.h>

#include <pb.h>

typedef enum dbn_err {
  DBN_OK = 0,
  DBN_ERR_STATUS, /* the server answered an error: see dbn_result.code and message */
  DBN_ERR_IO,     /* connect, send or receive failed, or timed out */
  DBN_ERR_PROTO,  /* a message did not encode or decode, or the reply is too big */
  DBN_ERR_ARG,    /* a bad address, path or token */
} dbn_err;

typedef struct dbn_client {
  uint8_t addr[4];   /* the gateway's IPv4 address (numeric: no resolver, no heap) */
  uint16_t port;     /* its port */
  const char *token; /* the bearer token (borrowed), or NULL */
  int timeout_ms;    /* for connect and for each send and receive; 0: 10 s */
  uint8_t *buf;      /* the work buffer (borrowed): the request, then the reply */
  size_t cap;        /* its size: the largest HTTP request or reply handled */
} dbn_client;

typedef struct dbn_result {
  int http;          /* the HTTP status, 0 when none came */
  int32_t code;      /* the gRPC status code (0 OK) */
  char message[256]; /* the error's message, or what failed locally */
} dbn_result;

/* Fills c from "a.b.c.d:port", the token and the work buffer (all borrowed). */
dbn_err dbn_init(dbn_client *c, const char *addr, const char *token, uint8_t *buf, size_t cap);

/*
 * One REST call: method ("POST", "GET") and path ("/v1/sessions"), with req
 * of type req_fields as the body (NULL for none), and the reply decoded into
 * resp of type resp_fields (zeroed first). DBN_OK on HTTP 200.
 */
dbn_err dbn_call(const dbn_client *c, const char *method, const char *path,
                 const pb_msgdesc_t *req_fields, const void *req, const pb_msgdesc_t *resp_fields,
                 void *resp, dbn_result *out);

#endif
