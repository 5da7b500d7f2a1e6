/*
 * main.c - debrief, the command-line client (clients/README.md, "CLI"),
 * written on the C client library (clients/c).
 *
 *   debrief [--addr HOST:PORT] [--token JWT] [--json] [--timeout MS] COMMAND ...
 *
 * DEBRIEF_ADDR and DEBRIEF_TOKEN give the defaults. The exit code is 0 on
 * success, 2 for a usage error, 10 + the gRPC status code when the server
 * (or the channel) answered with one, and 130 when Ctrl-C stopped a chat.
 * --json prints the replies as canonical proto3 JSON (the gateway's codec),
 * one document per reply, or one line per frame in chat.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/arena.h"
#include "core/config.h"
#include "dbc/client.h"
#include "dbc/interview.h"
#include "dbc/methods.h"
#include "gateway/devtoken.h"
#include "gateway/json.h"
#include "gateway/wkt.h"

#define EXIT_USAGE       2
#define EXIT_STATUS_BASE 10          /* exit = 10 + gRPC status code */
#define EXIT_INTERRUPTED 130         /* Ctrl-C in chat: the session stays resumable */
#define JSON_MAX         (16u << 20) /* the largest reply printed as JSON */
#define LINE_MAX_BYTES   8192        /* an answer typed in chat */
#define FILE_MAX_BYTES   (1u << 20)  /* a template file */

typedef struct cli {
  dbc_client *c;
  bool json;
  dbc_call_opts opts;
} cli;

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
}

/* ---- output ---- */

/* Prints m as one line of canonical proto3 JSON. */
static void print_json(const ProtobufCMessage *m) {
  dbf_buf b;
  dbf_buf_init(&b, JSON_MAX);
  dbf_status st = {0};
  if (dbf_gw_msg_to_json(m, &b, &st) == DBF_OK)
    printf("%s\n", b.data ? b.data : "{}");
  else
    fprintf(stderr, "debrief: cannot print the reply as JSON: %s\n", st.msg);
  dbf_buf_free(&b);
  fflush(stdout);
}

/* The JSON text of a google.protobuf.Value (or any message), into buf. */
static const char *json_text(const ProtobufCMessage *m, char *buf, size_t cap) {
  dbf_buf b;
  dbf_buf_init(&b, JSON_MAX);
  dbf_status st = {0};
  snprintf(buf, cap, "%s", m && dbf_gw_msg_to_json(m, &b, &st) == DBF_OK && b.data ? b.data : "");
  dbf_buf_free(&b);
  return buf;
}

static int fail(const dbc_status *st, const char *what) {
  fprintf(stderr, "debrief: %s: %s%s%s\n", what, st->grpc >= 0 ? dbc_grpc_code_name(st->grpc) : "",
          st->grpc >= 0 ? ": " : "", st->msg);
  if (st->grpc > 0)
    return EXIT_STATUS_BASE + st->grpc;
  return st->grpc == 0 ? 0 : EXIT_STATUS_BASE + 14; /* no status: the server was unreachable */
}

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "debrief: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, " (see debrief --help)\n");
  return EXIT_USAGE;
}

static const char *state_name(Debrief__V1__SessionState s) {
  const ProtobufCEnumValue *v =
      protobuf_c_enum_descriptor_get_value(&debrief__v1__session_state__descriptor, (int)s);
  return v ? v->name + strlen("SESSION_STATE_") : "?";
}

static void print_session(const Debrief__V1__Session *s) {
  printf("session   %s\nstate     %s\ntemplate  %s v%d\nsubject   %s\nturns     %d\n", s->id,
         state_name(s->state), s->template_slug, s->template_version,
         s->subject && s->subject->title ? s->subject->title : "", s->turn_count);
  char v[1024];
  for (size_t i = 0; i < s->n_extracted; i++)
    printf("  %-20s %s\n", s->extracted[i]->key,
           json_text((const ProtobufCMessage *)s->extracted[i]->value, v, sizeof v));
}

/* ---- options ---- */

typedef struct optv {
  const char *name; /* "--template" */
  const char **val; /* NULL for a flag */
  bool *flag;
} optv;

/* Parses argv[1..] into opts and up to npos positionals; 0 or a usage error's code. */
static int parse(int argc, char **argv, const optv *opts, size_t nopts, const char **pos,
                 size_t npos, size_t *got) {
  *got = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] == '-' && a[1] == '-') {
      size_t k = 0;
      while (k < nopts && strcmp(opts[k].name, a) != 0)
        k++;
      if (k == nopts)
        return usage_error("unknown option %s", a);
      if (opts[k].flag) {
        *opts[k].flag = true;
        continue;
      }
      if (i + 1 >= argc)
        return usage_error("%s needs a value", a);
      *opts[k].val = argv[++i];
      continue;
    }
    if (*got == npos)
      return usage_error("unexpected argument %s", a);
    pos[(*got)++] = a;
  }
  return 0;
}

static bool wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
      return true;
  return false;
}

/* ---- chat ---- */

static const char HELP_CHAT[] =
    "usage: debrief chat --template SLUG --subject TITLE [--subject-key KEY] [--kind KIND]\n"
    "       debrief chat --session ID\n"
    "Runs an interview in the terminal: questions stream in, each answer is a line,\n"
    "and the record is shown as it fills. Ctrl-C (or end of input) leaves the\n"
    "session as it is; `debrief chat --session ID` resumes it later. With --json\n"
    "every server frame is printed as one JSON line.\n";

/* Prints one event for a person. */
static void show_event(const dbc_event *ev, bool *streamed) {
  const Debrief__V1__ConverseResponse *f = ev->frame;
  char v[1024];
  switch (ev->kind) {
    case DBC_EV_DELTA:
      fputs(f->text_delta->delta, stdout);
      *streamed = true;
      break;
    case DBC_EV_EXTRACTION:
      for (size_t i = 0; i < f->extraction->n_updates; i++)
        printf("  [record] %s = %s\n", f->extraction->updates[i]->key,
               json_text((const ProtobufCMessage *)f->extraction->updates[i]->value, v, sizeof v));
      break;
    case DBC_EV_WARNING:
      printf("! %s\n", f->warning->message && *f->warning->message
                           ? f->warning->message
                           : protobuf_c_enum_descriptor_get_value(
                                 &debrief__v1__warning_kind__descriptor, (int)f->warning->kind)
                                 ->name);
      break;
    case DBC_EV_STATE:
      printf("  [state] %s\n", state_name(f->state->state));
      break;
    case DBC_EV_REJECTED:
      printf("! refused: %s\n", f->rejected->message);
      break;
    case DBC_EV_RECONNECTED:
      printf("  [reconnected after a dropped connection]\n");
      break;
    case DBC_EV_COMPLETED:
      printf("\nThe interview is complete. The record:\n");
      for (size_t i = 0; i < f->completed->n_extracted; i++)
        printf("  %-20s %s\n", f->completed->extracted[i]->key,
               json_text((const ProtobufCMessage *)f->completed->extracted[i]->value, v, sizeof v));
      break;
    default:
      break;
  }
  fflush(stdout);
}

/*
 * Reads one line from stdin: 1 with a line, 2 for a line longer than cap
 * (dropped), 0 at EOF, -1 when interrupted.
 */
static int read_line(char *buf, size_t cap) {
  size_t n = 0;
  bool too_long = false;
  for (;;) {
    if (interrupted)
      return -1;
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    int r = poll(&p, 1, 200);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      continue;
    char ch;
    ssize_t got = read(STDIN_FILENO, &ch, 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return n ? 1 : 0;
    if (ch == '\n') {
      buf[n] = '\0';
      return too_long ? 2 : 1;
    }
    if (n + 1 < cap)
      buf[n++] = ch;
    else
      too_long = true;
  }
}

static int cmd_chat(cli *x, int argc, char **argv) {
  const char *tpl = NULL, *subject = NULL, *key = NULL, *kind = "meeting", *sid_arg = NULL;
  optv o[] = {{"--template", &tpl, NULL},
              {"--subject", &subject, NULL},
              {"--subject-key", &key, NULL},
              {"--kind", &kind, NULL},
              {"--session", &sid_arg, NULL}};
  size_t got;
  int rc = parse(argc, argv, o, DBF_ARRAY_LEN(o), NULL, 0, &got);
  if (rc)
    return rc;
  if (!sid_arg && !tpl)
    return usage_error("%s", "chat needs --template SLUG (new) or --session ID (resume)");
  dbc_status st = {0};
  char *sid = NULL;
  if (sid_arg) {
    sid = dbf_strdup(sid_arg);
  } else {
    Debrief__V1__Subject subj = DEBRIEF__V1__SUBJECT__INIT;
    subj.kind = (char *)kind;
    subj.title = (char *)(subject ? subject : "");
    subj.key = (char *)(key ? key : "");
    Debrief__V1__Session *s = NULL;
    if (dbc_create_session(x->c, tpl, &subj, NULL, &s, &x->opts, &st))
      return fail(&st, "create session");
    sid = dbf_strdup(s->id);
    dbc_msg_free(s);
  }
  if (!x->json)
    printf("session %s (resume with: debrief chat --session %s)\n", sid, sid);
  dbc_interview *iv = NULL;
  if (dbc_interview_open(x->c, sid, 0, NULL, &iv, &st)) {
    dbf_free(sid);
    return fail(&st, "open the interview");
  }
  struct sigaction sa = {.sa_handler = on_sigint}; /* no SA_RESTART: reads return EINTR */
  sigaction(SIGINT, &sa, NULL);
  char answered[128] = "", waiting_id[128] = "", line[LINE_MAX_BYTES];
  static char waiting_text[LINE_MAX_BYTES]; /* the question being asked */
  bool streamed = false;
  int exit_code = 0;
  for (;;) {
    if (interrupted) {
      exit_code = EXIT_INTERRUPTED;
      break;
    }
    dbc_event ev;
    if (dbc_interview_next(iv, 200, &ev, &st)) {
      exit_code = fail(&st, "interview");
      break;
    }
    if (ev.kind == DBC_EV_IDLE)
      continue;
    if (ev.kind == DBC_EV_END)
      break;
    if (x->json && ev.frame)
      print_json(&ev.frame->base);
    else
      show_event(&ev, &streamed);
    if (ev.kind == DBC_EV_COMPLETED)
      break;
    if (ev.kind == DBC_EV_REJECTED && !waiting_id[0] && answered[0]) {
      /* A refused /skip left the question open: ask it again. */
      snprintf(waiting_id, sizeof waiting_id, "%s", answered);
      answered[0] = '\0';
    }
    const Debrief__V1__Question *q = dbc_event_question(&ev);
    if (q && !(ev.frame && ev.frame->replayed) && strcmp(q->question_id, answered) != 0) {
      snprintf(waiting_id, sizeof waiting_id, "%s", q->question_id);
      snprintf(waiting_text, sizeof waiting_text, "%s", q->text);
    }
    /* Ask once every answer sent is acked, so a reconnect never asks twice. */
    if (!waiting_id[0] || dbc_interview_pending(iv) > 0)
      continue;
    if (!x->json)
      printf(streamed ? "\n" : "\n%s\n", waiting_text);
    streamed = false;
    int r;
    do {
      if (!x->json) {
        printf("> ");
        fflush(stdout);
      }
      r = read_line(line, sizeof line);
      if (r == 2)
        fprintf(stderr, "debrief: an answer is at most %d bytes; type it again shorter\n",
                LINE_MAX_BYTES - 1);
    } while (r == 2 || (r == 1 && !*line));
    if (r < 0) {
      exit_code = EXIT_INTERRUPTED;
      break;
    }
    if (r == 0)
      break; /* end of input: leave the session for later */
    snprintf(answered, sizeof answered, "%s", waiting_id);
    waiting_id[0] = '\0';
    if (!strcmp(line, "/finish") || !strcmp(line, "/skip") || !strcmp(line, "/pause")) {
      Debrief__V1__ControlAction a =
          line[1] == 'f'   ? DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH
          : line[1] == 's' ? DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_SKIP
                           : DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE;
      if (dbc_interview_control(iv, a, &st)) {
        exit_code = fail(&st, "control");
        break;
      }
      if (line[1] == 'p') { /* wait (up to 5 s) for the pause to be stored or refused, then leave */
        for (int i = 0;
             i < 25 && dbc_interview_next(iv, 200, &ev, &st) == DBF_OK && ev.kind != DBC_EV_STATE &&
             ev.kind != DBC_EV_END && ev.kind != DBC_EV_REJECTED;
             i++)
          ;
        if (ev.kind == DBC_EV_REJECTED)
          fprintf(stderr, "not paused: %s\n", ev.frame->rejected->message);
        else
          fprintf(stderr, "paused; resume with: debrief chat --session %s\n", sid);
        break;
      }
      continue;
    }
    if (dbc_interview_answer(iv, line, answered, NULL, &st)) {
      exit_code = fail(&st, "answer");
      break;
    }
  }
  if (exit_code == EXIT_INTERRUPTED)
    fprintf(stderr, "\ninterrupted; resume with: debrief chat --session %s\n", sid);
  dbc_interview_free(iv);
  dbf_free(sid);
  return exit_code;
}

/* ---- sessions ---- */

static const char HELP_SESSIONS[] =
    "usage: debrief sessions list [--state STATE] [--template SLUG] [--page-size N]\n"
    "       debrief sessions show ID\n"
    "       debrief sessions history ID\n"
    "       debrief sessions pause|resume|complete|recover ID\n"
    "       debrief sessions cancel ID [--reason TEXT]\n"
    "list walks every page; --json prints one JSON document per session (list,\n"
    "history: one per line).\n";

static int sessions_list(cli *x, int argc, char **argv) {
  const char *state = NULL, *tpl = NULL, *size = NULL;
  optv o[] = {{"--state", &state, NULL}, {"--template", &tpl, NULL}, {"--page-size", &size, NULL}};
  size_t got;
  int rc = parse(argc, argv, o, DBF_ARRAY_LEN(o), NULL, 0, &got);
  if (rc)
    return rc;
  Debrief__V1__ListSessionsRequest f = DEBRIEF__V1__LIST_SESSIONS_REQUEST__INIT;
  Debrief__V1__SessionState states[1];
  if (state) {
    char name[64];
    snprintf(name, sizeof name, "SESSION_STATE_%s", state);
    for (char *p = name; *p; p++)
      *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value_by_name(&debrief__v1__session_state__descriptor, name);
    if (!v)
      return usage_error("unknown state %s", state);
    states[0] = (Debrief__V1__SessionState)v->value;
    f.states = states;
    f.n_states = 1;
  }
  f.template_slug = (char *)(tpl ? tpl : "");
  int64_t ps = 0;
  if (size && dbf_parse_i64(size, 1, 100, &ps))
    return usage_error("--page-size must be 1..100, not %s", size);
  f.page_size = (int32_t)ps;
  dbc_pager *p = NULL;
  dbc_status st = {0};
  if (dbc_list_sessions(x->c, &f, &x->opts, &p, &st))
    return fail(&st, "list sessions");
  const ProtobufCMessage *item;
  size_t n = 0;
  while (dbc_pager_next(p, &item, &st) == DBF_OK && item) {
    const Debrief__V1__Session *s = (const Debrief__V1__Session *)item;
    if (x->json)
      print_json(item);
    else
      printf("%s  %-10s %-16s %3d  %s\n", s->id, state_name(s->state), s->template_slug,
             s->turn_count, s->subject && s->subject->title ? s->subject->title : "");
    n++;
  }
  dbc_pager_free(p);
  if (st.code)
    return fail(&st, "list sessions");
  if (!x->json)
    fprintf(stderr, "%zu sessions\n", n);
  return 0;
}

static int sessions_history(cli *x, const char *id) {
  dbc_pager *p = NULL;
  dbc_status st = {0};
  if (dbc_session_history(x->c, id, 0, &x->opts, &p, &st))
    return fail(&st, "history");
  const ProtobufCMessage *item;
  while (dbc_pager_next(p, &item, &st) == DBF_OK && item) {
    const Debrief__V1__Message *m = (const Debrief__V1__Message *)item;
    if (x->json)
      print_json(item);
    else
      printf("%4lld %-9s %s\n", (long long)m->seq,
             m->role == DEBRIEF__V1__MESSAGE_ROLE__MESSAGE_ROLE_USER ? "you" : "debrief", m->text);
  }
  dbc_pager_free(p);
  return st.code ? fail(&st, "history") : 0;
}

/* The reply of a state change, printed; resp is freed here. */
static int print_session_reply(cli *x, dbf_err rc, ProtobufCMessage *resp, dbc_status *st,
                               const char *what) {
  if (rc)
    return fail(st, what);
  /* Every state-change reply holds the session in a field named session. */
  const ProtobufCFieldDescriptor *fd =
      protobuf_c_message_descriptor_get_field_by_name(resp->descriptor, "session");
  const Debrief__V1__Session *s =
      fd ? *(const Debrief__V1__Session *const *)((const char *)resp + fd->offset) : NULL;
  if (x->json)
    print_json(resp);
  else if (s)
    print_session(s);
  dbc_msg_free(resp);
  return 0;
}

static int cmd_sessions(cli *x, int argc, char **argv) {
  if (argc < 2 || wants_help(argc, argv)) {
    fputs(HELP_SESSIONS, argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : 0;
  }
  const char *sub = argv[1];
  if (!strcmp(sub, "list"))
    return sessions_list(x, argc - 1, argv + 1);
  const char *pos[1] = {NULL}, *reason = "";
  optv o[] = {{"--reason", &reason, NULL}};
  size_t got;
  int rc = parse(argc - 1, argv + 1, o, !strcmp(sub, "cancel") ? 1 : 0, pos, 1, &got);
  if (rc)
    return rc;
  if (got != 1)
    return usage_error("sessions %s needs a session ID", sub);
  char *id = (char *)pos[0];
  dbc_status st = {0};
  if (!strcmp(sub, "show")) {
    Debrief__V1__Session *s = NULL;
    if (dbc_get_session(x->c, id, &s, &x->opts, &st))
      return fail(&st, "show");
    if (x->json)
      print_json(&s->base);
    else
      print_session(s);
    dbc_msg_free(s);
    return 0;
  }
  if (!strcmp(sub, "history"))
    return sessions_history(x, id);
  ProtobufCMessage *resp = NULL;
  dbf_err e;
  if (!strcmp(sub, "pause")) {
    Debrief__V1__PauseSessionRequest r = DEBRIEF__V1__PAUSE_SESSION_REQUEST__INIT;
    r.session_id = id;
    e = dbc_session_service_pause_session(x->c, &r, (Debrief__V1__PauseSessionResponse **)&resp,
                                          &x->opts, &st);
  } else if (!strcmp(sub, "resume")) {
    Debrief__V1__ResumeSessionRequest r = DEBRIEF__V1__RESUME_SESSION_REQUEST__INIT;
    r.session_id = id;
    e = dbc_session_service_resume_session(x->c, &r, (Debrief__V1__ResumeSessionResponse **)&resp,
                                           &x->opts, &st);
  } else if (!strcmp(sub, "complete")) {
    Debrief__V1__CompleteSessionRequest r = DEBRIEF__V1__COMPLETE_SESSION_REQUEST__INIT;
    r.session_id = id;
    e = dbc_session_service_complete_session(
        x->c, &r, (Debrief__V1__CompleteSessionResponse **)&resp, &x->opts, &st);
  } else if (!strcmp(sub, "cancel")) {
    Debrief__V1__CancelSessionRequest r = DEBRIEF__V1__CANCEL_SESSION_REQUEST__INIT;
    r.session_id = id;
    r.reason = (char *)reason;
    e = dbc_session_service_cancel_session(x->c, &r, (Debrief__V1__CancelSessionResponse **)&resp,
                                           &x->opts, &st);
  } else if (!strcmp(sub, "recover")) {
    Debrief__V1__RecoverSessionRequest r = DEBRIEF__V1__RECOVER_SESSION_REQUEST__INIT;
    r.session_id = id;
    e = dbc_session_service_recover_session(x->c, &r, (Debrief__V1__RecoverSessionResponse **)&resp,
                                            &x->opts, &st);
  } else {
    return usage_error("unknown sessions command %s", sub);
  }
  return print_session_reply(x, e, resp, &st, sub);
}

/* ---- templates ---- */

static const char HELP_TEMPLATES[] =
    "usage: debrief templates list\n"
    "       debrief templates show SLUG [--version N]\n"
    "       debrief templates validate FILE\n"
    "validate sends FILE (a template as JSON, as in templates/; field types may be\n"
    "written \"text\" or \"FIELD_TYPE_TEXT\") to ValidateTemplate and lists the\n"
    "violations; it exits 1 when the template is not valid.\n";

/* Reads a template file into a Template message living in arena a. */
static int load_template(const char *path, dbf_arena *a, Debrief__V1__Template **out) {
  json_error_t je;
  json_t *j = json_load_file(path, 0, &je);
  if (!j) {
    fprintf(stderr, "debrief: %s:%d: %s\n", path, je.line, je.text);
    return EXIT_USAGE;
  }
  json_t *fields = json_object_get(j, "fields"), *f;
  size_t i;
  json_array_foreach(fields, i, f) {
    const char *t = json_string_value(json_object_get(f, "type"));
    if (t && strncmp(t, "FIELD_TYPE_", 11) != 0) {
      char up[64];
      size_t k = (size_t)snprintf(up, sizeof up, "FIELD_TYPE_%s", t);
      for (k = 11; up[k]; k++)
        up[k] = (char)(up[k] >= 'a' && up[k] <= 'z' ? up[k] - 32 : up[k]);
      json_object_set_new(f, "type", json_string(up));
    }
  }
  dbf_status st = {0};
  dbf_err rc = dbf_gw_json_to_msg(a, &debrief__v1__template__descriptor, j, "template",
                                  (ProtobufCMessage **)out, &st);
  json_decref(j);
  if (rc) {
    fprintf(stderr, "debrief: %s: %s\n", path, st.msg);
    return EXIT_USAGE;
  }
  return 0;
}

static int cmd_templates(cli *x, int argc, char **argv) {
  if (argc < 2 || wants_help(argc, argv)) {
    fputs(HELP_TEMPLATES, argc < 2 ? stderr : stdout);
    return argc < 2 ? EXIT_USAGE : 0;
  }
  const char *sub = argv[1], *pos[1] = {NULL}, *version = NULL;
  optv o[] = {{"--version", &version, NULL}};
  size_t got;
  int rc = parse(argc - 1, argv + 1, o, 1, pos, 1, &got);
  if (rc)
    return rc;
  dbc_status st = {0};
  if (!strcmp(sub, "list")) {
    Debrief__V1__ListTemplatesRequest r = DEBRIEF__V1__LIST_TEMPLATES_REQUEST__INIT;
    Debrief__V1__ListTemplatesResponse *resp = NULL;
    if (dbc_template_service_list_templates(x->c, &r, &resp, &x->opts, &st))
      return fail(&st, "list templates");
    if (x->json)
      print_json(&resp->base);
    for (size_t i = 0; !x->json && i < resp->n_templates; i++)
      printf("%-20s v%-3d %s\n", resp->templates[i]->slug, resp->templates[i]->version,
             resp->templates[i]->title);
    dbc_msg_free(resp);
    return 0;
  }
  if (got != 1)
    return usage_error("templates %s needs an argument", sub);
  if (!strcmp(sub, "show")) {
    Debrief__V1__GetTemplateRequest r = DEBRIEF__V1__GET_TEMPLATE_REQUEST__INIT;
    r.slug = (char *)pos[0];
    int64_t v = 0;
    if (version && dbf_parse_i64(version, 1, INT32_MAX, &v))
      return usage_error("--version must be a positive number, not %s", version);
    r.version = (int32_t)v;
    Debrief__V1__GetTemplateResponse *resp = NULL;
    if (dbc_template_service_get_template(x->c, &r, &resp, &x->opts, &st))
      return fail(&st, "show template");
    const Debrief__V1__Template *t = resp->template_;
    if (x->json) {
      print_json(&resp->base);
    } else if (t) {
      printf("%s v%d: %s\n%s\n\nopening: %s\n", t->slug, t->version, t->title, t->description,
             t->opening);
      for (size_t i = 0; i < t->n_fields; i++)
        printf("  %-20s %s%s\n", t->fields[i]->key, t->fields[i]->required ? "(required) " : "",
               t->fields[i]->ask);
    }
    dbc_msg_free(resp);
    return 0;
  }
  if (!strcmp(sub, "validate")) {
    dbf_arena *a = dbf_arena_create(FILE_MAX_BYTES * 4);
    Debrief__V1__ValidateTemplateRequest r = DEBRIEF__V1__VALIDATE_TEMPLATE_REQUEST__INIT;
    if (!a)
      return EXIT_STATUS_BASE + 8;
    if ((rc = load_template(pos[0], a, &r.template_))) {
      dbf_arena_destroy(a);
      return rc;
    }
    Debrief__V1__ValidateTemplateResponse *resp = NULL;
    dbf_err e = dbc_template_service_validate_template(x->c, &r, &resp, &x->opts, &st);
    dbf_arena_destroy(a);
    if (e)
      return fail(&st, "validate template");
    if (x->json)
      print_json(&resp->base);
    else if (resp->valid)
      printf("%s: valid\n", pos[0]);
    for (size_t i = 0; !x->json && i < resp->n_violations; i++)
      printf("%s: %s: %s\n", pos[0], resp->violations[i]->field, resp->violations[i]->description);
    rc = resp->valid ? 0 : 1;
    dbc_msg_free(resp);
    return rc;
  }
  return usage_error("unknown templates command %s", sub);
}

/* ---- export ---- */

static const char HELP_EXPORT[] =
    "usage: debrief export SESSION [--format json|md] [--transcript]\n"
    "Writes the session's export (ExportSession) to standard output; --json prints\n"
    "the whole reply (content type, file name, base64 content) instead.\n";

static int cmd_export(cli *x, int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(HELP_EXPORT, stdout);
    return 0;
  }
  const char *pos[1] = {NULL}, *format = "json";
  bool transcript = false;
  optv o[] = {{"--format", &format, NULL}, {"--transcript", NULL, &transcript}};
  size_t got;
  int rc = parse(argc, argv, o, DBF_ARRAY_LEN(o), pos, 1, &got);
  if (rc)
    return rc;
  if (got != 1)
    return usage_error("%s", "export needs a session ID");
  Debrief__V1__ExportSessionRequest r = DEBRIEF__V1__EXPORT_SESSION_REQUEST__INIT;
  r.session_id = (char *)pos[0];
  r.include_transcript = transcript;
  if (!strcmp(format, "json"))
    r.format = DEBRIEF__V1__EXPORT_FORMAT__EXPORT_FORMAT_JSON;
  else if (!strcmp(format, "md"))
    r.format = DEBRIEF__V1__EXPORT_FORMAT__EXPORT_FORMAT_MARKDOWN;
  else
    return usage_error("--format is json or md, not %s", format);
  Debrief__V1__ExportSessionResponse *resp = NULL;
  dbc_status st = {0};
  if (dbc_export_service_export_session(x->c, &r, &resp, &x->opts, &st))
    return fail(&st, "export");
  if (x->json)
    print_json(&resp->base);
  else
    fwrite(resp->content.data, 1, resp->content.len, stdout);
  dbc_msg_free(resp);
  return 0;
}

/* ---- token ---- */

static const char HELP_TOKEN[] =
    "usage: debrief token [--user U] [--role member|manager|admin] [--team T]\n"
    "With DEBRIEF_DEV_MODE=1 and an HS256 DEBRIEF_JWT_SECRET in the environment,\n"
    "mints a one-hour development token for the user (the same token as the\n"
    "gateway's POST /dev/token) and prints it. Otherwise prints the claims of the\n"
    "current token (--token or DEBRIEF_TOKEN), without checking its signature.\n";

static int cmd_token(cli *x, const char *current, int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(HELP_TOKEN, stdout);
    return 0;
  }
  const char *user = "dev", *role = "member", *team = "team-a";
  optv o[] = {{"--user", &user, NULL}, {"--role", &role, NULL}, {"--team", &team, NULL}};
  size_t got;
  int rc = parse(argc, argv, o, DBF_ARRAY_LEN(o), NULL, 0, &got);
  if (rc)
    return rc;
  const char *dev = getenv("DEBRIEF_DEV_MODE"), *secret = getenv("DEBRIEF_JWT_SECRET");
  dbf_buf out;
  dbf_buf_init(&out, 1 << 16);
  if (dev && !strcmp(dev, "1") && secret && *secret) {
    json_t *body = json_pack("{ssssss}", "user", user, "role", role, "team", team);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    dbf_status st = {0};
    dbf_err e = text ? dbf_gw_dev_token(secret, text, strlen(text), &out, &st) : DBF_ERR_NOMEM;
    dbf_free(text); /* json_dumps used jansson's allocator: ours, since dbf_alloc_install */
    if (e) {
      fprintf(stderr, "debrief: token: %s\n", st.msg);
      dbf_buf_free(&out);
      return EXIT_USAGE;
    }
    json_t *j = json_loads(out.data, 0, NULL);
    const char *tok = json_string_value(json_object_get(j, "token"));
    if (x->json)
      printf("%s\n", out.data);
    else
      printf("%s\n", tok ? tok : "");
    json_decref(j);
    dbf_buf_free(&out);
    return 0;
  }
  if (!current || !*current) {
    fprintf(stderr, "debrief: token: no token (set DEBRIEF_TOKEN or --token), and no dev mode "
                    "(DEBRIEF_DEV_MODE=1 with DEBRIEF_JWT_SECRET) to mint one\n");
    return EXIT_STATUS_BASE + 16;
  }
  const char *dot1 = strchr(current, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
  size_t n = dot2 ? (size_t)(dot2 - dot1 - 1) : 0;
  uint8_t *claims = dbf_malloc(n + 1);
  size_t len = 0;
  if (!dot2 || !claims || dbf_gw_base64_decode(dot1 + 1, n, claims, &len)) {
    dbf_free(claims);
    fprintf(stderr, "debrief: token: the current token is not a JWT\n");
    return EXIT_STATUS_BASE + 16;
  }
  json_t *j = json_loadb((const char *)claims, len, 0, NULL);
  dbf_free(claims);
  if (!j) {
    fprintf(stderr, "debrief: token: the current token's claims are not JSON\n");
    return EXIT_STATUS_BASE + 16;
  }
  json_dumpf(j, stdout, x->json ? JSON_COMPACT : JSON_INDENT(2));
  printf("\n");
  json_decref(j);
  return 0;
}

/* ---- main ---- */

static const char HELP[] =
    "usage: debrief [--addr HOST:PORT] [--token JWT] [--json] [--timeout MS] COMMAND ...\n"
    "\n"
    "commands:\n"
    "  chat       an interactive interview (debrief chat --help)\n"
    "  sessions   list|show|history|pause|resume|complete|cancel|recover\n"
    "  templates  list|show|validate FILE\n"
    "  export     SESSION --format json|md\n"
    "  token      mint a dev token, or show the current token's claims\n"
    "\n"
    "DEBRIEF_ADDR (default 127.0.0.1:50051) and DEBRIEF_TOKEN give the defaults of\n"
    "--addr and --token. Exit codes: 0 OK, 1 a template is not valid, 2 usage,\n"
    "10 + the gRPC status code of a failed call (15 NOT_FOUND, 17 PERMISSION_DENIED,\n"
    "22 UNIMPLEMENTED, 24 UNAVAILABLE, 26 UNAUTHENTICATED, ...), 130 Ctrl-C in chat.\n";

int main(int argc, char **argv) {
  dbf_alloc_install();
  const char *addr = getenv("DEBRIEF_ADDR"), *token = getenv("DEBRIEF_TOKEN"), *timeout = NULL;
  bool json = false, help = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--json"))
      json = true;
    else if (!strcmp(a, "--help") || !strcmp(a, "-h"))
      help = true;
    else if (i + 1 < argc && !strcmp(a, "--addr"))
      addr = argv[++i];
    else if (i + 1 < argc && !strcmp(a, "--token"))
      token = argv[++i];
    else if (i + 1 < argc && !strcmp(a, "--timeout"))
      timeout = argv[++i];
    else
      return usage_error("unknown or incomplete option %s", a);
  }
  if (help || i == argc) {
    fputs(HELP, help ? stdout : stderr);
    return help ? 0 : EXIT_USAGE;
  }
  int64_t ms = 0;
  if (timeout && dbf_parse_i64(timeout, 1, 3600000, &ms))
    return usage_error("--timeout must be 1..3600000 ms, not %s", timeout);
  const char *cmd = argv[i];
  int cargc = argc - i;
  char **cargv = argv + i;
  if (!strcmp(cmd, "token"))
    return cmd_token(&(cli){.json = json}, token, cargc, cargv);
  if (!strcmp(cmd, "chat") && wants_help(cargc, cargv)) {
    fputs(HELP_CHAT, stdout);
    return 0;
  }
  if (strcmp(cmd, "chat") && strcmp(cmd, "sessions") && strcmp(cmd, "templates") &&
      strcmp(cmd, "export"))
    return usage_error("unknown command %s", cmd);
  cli x = {.json = json, .opts = {.timeout_ms = ms}};
  dbc_status st = {0};
  dbc_client_opts co = {.target = addr && *addr ? addr : "127.0.0.1:50051", .token = token};
  if (dbc_client_new(&co, &x.c, &st))
    return fail(&st, "connect");
  int rc;
  if (!strcmp(cmd, "chat"))
    rc = cmd_chat(&x, cargc, cargv);
  else if (!strcmp(cmd, "sessions"))
    rc = cmd_sessions(&x, cargc, cargv);
  else if (!strcmp(cmd, "templates"))
    rc = cmd_templates(&x, cargc, cargv);
  else
    rc = cmd_export(&x, cargc, cargv);
  dbc_client_free(x.c);
  return rc;
}
