/*
 * fake_llm.h - starts tests/fake_llm/fake_llm.py as a child process on a
 * free loopback port and drives its control endpoints. Used by the llm
 * tests and the relay bench.
 */
#ifndef DBF_TESTS_FAKE_LLM_H
#define DBF_TESTS_FAKE_LLM_H

#include <stdbool.h>
#include <sys/types.h>

#include <jansson.h>

typedef struct dbf_fake_llm {
  pid_t pid;
  int port;
  char base[64]; /* "http://127.0.0.1:<port>" */
} dbf_fake_llm;

/* Spawns `python script --port 0` and reads its port. 0 on success. */
int dbf_fake_llm_start(dbf_fake_llm *f, const char *python, const char *script);
/* Terminates and reaps the child started by dbf_fake_llm_start. */
void dbf_fake_llm_stop(dbf_fake_llm *f);
/* POSTs body to path; returns 0 on a 2xx. */
int dbf_fake_llm_post(const dbf_fake_llm *f, const char *path, const char *body);
/* Clears the script queue and the request log. */
int dbf_fake_llm_reset(const dbf_fake_llm *f);
/* Queues response specs: a JSON array text such as [{"fault":"429"}]. */
int dbf_fake_llm_script(const dbf_fake_llm *f, const char *responses_json);
/* Returns a new reference to the request log (a JSON array), or NULL. */
json_t *dbf_fake_llm_requests(const dbf_fake_llm *f);

#endif
