/* fake_llm.c - child-process control of the fake provider (see fake_llm.h). */
#include "fake_llm.h"

#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/buf.h"
#include "core/config.h"

extern char **environ;

int dbf_fake_llm_start(dbf_fake_llm *f, const char *python, const char *script) {
  int fds[2];
  memset(f, 0, sizeof(*f));
  if (pipe(fds) != 0)
    return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  char *argv[] = {(char *)python, (char *)script, "--port", "0", NULL};
  int rc = posix_spawn(&f->pid, python, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return -1;
  }
  char line[64];
  size_t n = 0;
  while (n + 1 < sizeof(line)) {
    ssize_t r = read(fds[0], line + n, 1);
    if (r <= 0 || line[n] == '\n')
      break;
    n++;
  }
  line[n] = '\0';
  close(fds[0]);
  int64_t port = 0;
  if (strncmp(line, "PORT ", 5) != 0 || dbf_parse_i64(line + 5, 1, 65535, &port) != DBF_OK) {
    dbf_fake_llm_stop(f);
    return -1;
  }
  f->port = (int)port;
  snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
  return 0;
}

void dbf_fake_llm_stop(dbf_fake_llm *f) {
  if (f->pid > 0) {
    kill(f->pid, SIGTERM);
    waitpid(f->pid, NULL, 0);
    f->pid = 0;
  }
}

static size_t sink(char *p, size_t s, size_t n, void *ud) {
  dbf_buf *b = ud;
  return dbf_buf_append(b, p, s * n) == DBF_OK ? s * n : 0;
}

static int http(const dbf_fake_llm *f, const char *path, const char *body, dbf_buf *out) {
  char url[256];
  snprintf(url, sizeof(url), "%s%s", f->base, path);
  CURL *e = curl_easy_init();
  if (!e)
    return -1;
  curl_easy_setopt(e, CURLOPT_URL, url);
  if (body)
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, out);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  CURLcode cc = curl_easy_perform(e);
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(e);
  return cc == CURLE_OK && status >= 200 && status < 300 ? 0 : -1;
}

int dbf_fake_llm_post(const dbf_fake_llm *f, const char *path, const char *body) {
  dbf_buf b;
  dbf_buf_init(&b, 1 << 20);
  int rc = http(f, path, body, &b);
  dbf_buf_free(&b);
  return rc;
}

int dbf_fake_llm_reset(const dbf_fake_llm *f) {
  return dbf_fake_llm_post(f, "/_reset", "{}");
}

int dbf_fake_llm_script(const dbf_fake_llm *f, const char *responses_json) {
  dbf_buf b;
  dbf_buf_init(&b, 1 << 20);
  int rc = dbf_buf_printf(&b, "{\"responses\": %s}", responses_json) == DBF_OK
               ? dbf_fake_llm_post(f, "/_script", b.data)
               : -1;
  dbf_buf_free(&b);
  return rc;
}

json_t *dbf_fake_llm_requests(const dbf_fake_llm *f) {
  dbf_buf b;
  dbf_buf_init(&b, 64 << 20);
  json_t *j = NULL;
  if (http(f, "/_requests", NULL, &b) == 0)
    j = json_loadb(b.data, b.len, 0, NULL);
  dbf_buf_free(&b);
  return j;
}
