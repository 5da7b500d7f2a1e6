/*
 * dbn.c - the nanopb client's HTTP/1.1 exchange over a plain socket, in the
 * caller's work buffer (nanopb/dbn.h). Nothing here allocates.
 */
#include "nanopb/dbn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "google/rpc/status.pb.h"

#define PB_TYPE            "application/x-protobuf"
#define DEFAULT_TIMEOUT_MS 10000

static dbn_err fail(dbn_result *out, dbn_err e, const char *what) {
  snprintf(out->message, sizeof out->message, "%s", what);
  return e;
}

dbn_err dbn_init(dbn_client *c, const char *addr, const char *token, uint8_t *buf, size_t cap) {
  memset(c, 0, sizeof *c);
  unsigned a, b, d, e, port;
  char tail;
  if (!addr || sscanf(addr, "%u.%u.%u.%u:%u%c", &a, &b, &d, &e, &port, &tail) != 5 || a > 255 ||
      b > 255 || d > 255 || e > 255 || port == 0 || port > 65535 || !buf || cap < 512)
    return DBN_ERR_ARG;
  c->addr[0] = (uint8_t)a;
  c->addr[1] = (uint8_t)b;
  c->addr[2] = (uint8_t)d;
  c->addr[3] = (uint8_t)e;
  c->port = (uint16_t)port;
  c->token = token;
  c->buf = buf;
  c->cap = cap;
  return DBN_OK;
}

/* Waits until fd is ready for events, at most ms. */
static int wait_fd(int fd, short events, int ms) {
  struct pollfd p = {.fd = fd, .events = events};
  int r;
  while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
    ;
  return r > 0 ? 0 : -1;
}

static int connect_to(const dbn_client *c, int ms) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(c->port)};
  memcpy(&sa.sin_addr, c->addr, 4);
  int err = 0;
  socklen_t len = sizeof err;
  if ((connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ||
       (errno == EINPROGRESS && wait_fd(fd, POLLOUT, ms) == 0 &&
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)))
    return fd;
  close(fd);
  return -1;
}

static int send_all(int fd, const uint8_t *p, size_t n, int ms) {
  while (n > 0) {
    if (wait_fd(fd, POLLOUT, ms))
      return -1;
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads until the peer closes; -1 on error, -2 when the reply passes cap. */
static long recv_all(int fd, uint8_t *buf, size_t cap, int ms) {
  size_t n = 0;
  for (;;) {
    if (n == cap)
      return -2;
    if (wait_fd(fd, POLLIN, ms))
      return -1;
    ssize_t r = recv(fd, buf + n, cap - n, 0);
    if (r < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      return (long)n;
    n += (size_t)r;
  }
}

/* The body of a complete HTTP/1.1 reply in buf[0..n), and its status. */
static const uint8_t *http_body(const uint8_t *buf, size_t n, int *status, size_t *body_len) {
  static const char sep[] = "\r\n\r\n";
  const uint8_t *end = NULL;
  for (size_t i = 0; i + 4 <= n && !end; i++)
    if (memcmp(buf + i, sep, 4) == 0)
      end = buf + i;
  unsigned code;
  if (!end || n < 12 || memcmp(buf, "HTTP/1.", 7) != 0 ||
      sscanf((const char *)buf + 9, "%3u", &code) != 1)
    return NULL;
  *status = (int)code;
  *body_len = n - (size_t)(end + 4 - buf);
  return end + 4;
}

dbn_err dbn_call(const dbn_client *c, const char *method, const char *path,
                 const pb_msgdesc_t *req_fields, const void *req, const pb_msgdesc_t *resp_fields,
                 void *resp, dbn_result *out) {
  memset(out, 0, sizeof *out);
  int ms = c->timeout_ms > 0 ? c->timeout_ms : DEFAULT_TIMEOUT_MS;
  if (!method || !path || path[0] != '/' || strpbrk(path, " \r\n") ||
      (c->token && strpbrk(c->token, "\r\n")))
    return fail(out, DBN_ERR_ARG, "bad method, path or token");
  /* The body goes at the end of the buffer, the headers in front of it. */
  size_t body_len = 0;
  if (req_fields && req && !pb_get_encoded_size(&body_len, req_fields, req))
    return fail(out, DBN_ERR_PROTO, "the request does not encode");
  if (body_len + 512 > c->cap)
    return fail(out, DBN_ERR_PROTO, "the request is larger than the work buffer");
  int h = snprintf((char *)c->buf, c->cap - body_len,
                   "%s %s HTTP/1.1\r\nHost: %u.%u.%u.%u:%u\r\nAccept: " PB_TYPE
                   "\r\nContent-Type: " PB_TYPE "\r\nContent-Length: %zu\r\nConnection: close\r\n"
                   "%s%s%s\r\n",
                   method, path, c->addr[0], c->addr[1], c->addr[2], c->addr[3], c->port, body_len,
                   c->token ? "Authorization: Bearer " : "", c->token ? c->token : "",
                   c->token ? "\r\n" : "");
  if (h < 0 || (size_t)h >= c->cap - body_len)
    return fail(out, DBN_ERR_ARG, "the request headers do not fit the work buffer");
  if (body_len) {
    pb_ostream_t os = pb_ostream_from_buffer(c->buf + h, body_len);
    if (!pb_encode(&os, req_fields, req))
      return fail(out, DBN_ERR_PROTO, PB_GET_ERROR(&os));
  }
  int fd = connect_to(c, ms);
  if (fd < 0)
    return fail(out, DBN_ERR_IO, "cannot connect to the gateway");
  long n = -1;
  if (send_all(fd, c->buf, (size_t)h + body_len, ms) == 0)
    n = recv_all(fd, c->buf, c->cap, ms);
  close(fd);
  if (n == -2)
    return fail(out, DBN_ERR_PROTO, "the reply is larger than the work buffer");
  if (n < 0)
    return fail(out, DBN_ERR_IO, "the exchange with the gateway failed");
  size_t blen = 0;
  const uint8_t *body = http_body(c->buf, (size_t)n, &out->http, &blen);
  if (!body)
    return fail(out, DBN_ERR_PROTO, "the reply is not HTTP");
  pb_istream_t is = pb_istream_from_buffer(body, blen);
  if (out->http != 200) {
    google_rpc_Status st = google_rpc_Status_init_zero;
    if (!pb_decode(&is, google_rpc_Status_fields, &st))
      return fail(out, DBN_ERR_PROTO, "the error body is not a google.rpc.Status");
    out->code = st.code;
    snprintf(out->message, sizeof out->message, "%s", st.message);
    return DBN_ERR_STATUS;
  }
  if (resp_fields && !pb_decode(&is, resp_fields, resp))
    return fail(out, DBN_ERR_PROTO, PB_GET_ERROR(&is));
  return DBN_OK;
}
