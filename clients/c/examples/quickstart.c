/* quickstart.c - the ten-line example of clients/README.md, built and run by the tests. */
#include <stdio.h>
#include <stdlib.h>

#include "dbc/client.h"

int main(void) {
  dbc_client_opts o = {.target = getenv("DEBRIEF_ADDR"), .token = getenv("DEBRIEF_TOKEN")};
  dbc_client *c = NULL;
  dbc_status st = {0};
  Debrief__V1__Session *s = NULL;
  if (dbc_client_new(&o, &c, &st) ||
      dbc_create_session(c, "sales_debrief", NULL, NULL, &s, NULL, &st)) {
    fprintf(stderr, "%s (gRPC %d)\n", st.msg, st.grpc);
    dbc_client_free(c);
    return 1;
  }
  printf("created session %s of %s v%d\n", s->id, s->template_slug, s->template_version);
  dbc_msg_free(s);
  dbc_client_free(c);
  return 0;
}
