/*
 * interview.h - the Interview object over ConversationService.Converse.
 *
 * An interview is one Converse stream to one session, driven from one
 * thread: dbc_interview_answer sends an answer under a new client_msg_id
 * and keeps it until its ack; dbc_interview_next waits for the next server
 * frame and hands it over as a typed event. When the connection drops
 * (the stream fails with UNAVAILABLE, INTERNAL, UNKNOWN or CANCELLED that
 * the caller did not ask for), next reconnects with jittered exponential
 * backoff, reopens with resume_after_seq = the last seq seen, and re-sends
 * every unacked answer under its original id, so the server stores each
 * answer exactly once (docs/protocol.md). It gives up after max_attempts
 * failed reconnects in a row, or at once when another stream took the
 * session over.
 */
#ifndef DBC_INTERVIEW_H
#define DBC_INTERVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "dbc/client.h"
#include "debrief/v1/conversation_service.pb-c.h"

/* At most this many answers may wait for their ack at once. */
#define DBC_INTERVIEW_MAX_PENDING 32
/* A client_msg_id: a UUID v4 in text, with its NUL. */
#define DBC_MSG_ID_LEN 37

typedef enum dbc_event_kind {
  DBC_EV_IDLE = 0,    /* nothing arrived within the wait */
  DBC_EV_SNAPSHOT,    /* frame->snapshot: the session when the stream (re)opened */
  DBC_EV_QUESTION,    /* frame->question */
  DBC_EV_DELTA,       /* frame->text_delta: part of a question a model streams */
  DBC_EV_EXTRACTION,  /* frame->extraction: fields changed */
  DBC_EV_ACK,         /* frame->ack: an answer is stored */
  DBC_EV_WARNING,     /* frame->warning: inactivity, expiry, takeover, fallback, shutdown */
  DBC_EV_STATE,       /* frame->state */
  DBC_EV_COMPLETED,   /* frame->completed: the interview is over */
  DBC_EV_REJECTED,    /* frame->rejected: a control was refused; the stream stays open */
  DBC_EV_RECONNECTED, /* the stream was reopened after a drop (attempt says which try) */
  DBC_EV_END,         /* the server ended the stream normally */
} dbc_event_kind;

typedef struct dbc_event {
  dbc_event_kind kind;
  /* The frame (kinds SNAPSHOT..REJECTED); borrowed until the next
   * dbc_interview_next or dbc_interview_free. */
  const Debrief__V1__ConverseResponse *frame;
  int attempt; /* DBC_EV_RECONNECTED: the reconnect attempt that worked (1..) */
} dbc_event;

typedef struct dbc_interview_opts {
  int64_t stream_timeout_ms; /* the deadline of each stream; 0: 6 hours */
  int max_attempts;          /* reconnects in a row before giving up; 0: 8 */
  int64_t backoff_base_ms;   /* the first backoff; 0: 100 ms */
  int64_t backoff_max_ms;    /* the longest backoff; 0: 5 s */
} dbc_interview_opts;

typedef struct dbc_interview dbc_interview;

/*
 * Opens a Converse stream on session_id with resume_after_seq (0: replay
 * nothing). c is borrowed and must outlive the interview; opts may be
 * NULL. *out is a new interview, freed with dbc_interview_free.
 */
dbf_err dbc_interview_open(dbc_client *c, const char *session_id, int64_t resume_after_seq,
                           const dbc_interview_opts *opts, dbc_interview **out, dbc_status *st);

/*
 * Sends text as an answer to question_id (may be NULL) under a new
 * client_msg_id, copied into id_out (may be NULL). The answer is kept
 * until its ack arrives and re-sent after a reconnect; a send that fails
 * because the connection dropped is not an error (next reconnects).
 */
dbf_err dbc_interview_answer(dbc_interview *iv, const char *text, const char *question_id,
                             char id_out[DBC_MSG_ID_LEN], dbc_status *st);
/*
 * Sends a control action (pause, resume, skip, finish) under a new
 * client_msg_id. One that does not fit the session's state (pausing a
 * paused session) comes back as a DBC_EV_REJECTED event, code
 * FAILED_PRECONDITION, on a stream that stays open.
 */
dbf_err dbc_interview_control(dbc_interview *iv, Debrief__V1__ControlAction action, dbc_status *st);
/* Sends a heartbeat, which keeps the session from going inactive. */
dbf_err dbc_interview_heartbeat(dbc_interview *iv, dbc_status *st);

/*
 * Waits up to wait_ms (< 0: until something happens) for the next event
 * and fills *ev. Reconnects as described above; a reconnect's backoff
 * sleeps inside this call, so it may take longer than wait_ms. Fails when the stream
 * ended with a status that a retry cannot fix (st->grpc says which), after
 * a takeover, or when reconnecting failed max_attempts times.
 */
dbf_err dbc_interview_next(dbc_interview *iv, int64_t wait_ms, dbc_event *ev, dbc_status *st);

/*
 * The question an event asks: a QUESTION frame's, or the pending question
 * of a SNAPSHOT (the stream's first frame, after every (re)open). NULL for
 * other events. Borrowed like ev->frame. After a reconnect the snapshot
 * may name a question whose answer is still pending: answer each
 * question_id once.
 */
const Debrief__V1__Question *dbc_event_question(const dbc_event *ev);

/* The highest seq seen: what a later dbc_interview_open resumes after. */
int64_t dbc_interview_last_seq(const dbc_interview *iv);
/* Answers sent and not yet acked. */
size_t dbc_interview_pending(const dbc_interview *iv);
/* Reconnects done so far. */
int dbc_interview_reconnects(const dbc_interview *iv);

/* Cancels the stream and frees everything. Unacked answers are dropped. NULL is fine. */
void dbc_interview_free(dbc_interview *iv);

/* Writes a new random UUID v4 (a client_msg_id) into out. */
dbf_err dbc_new_msg_id(char out[DBC_MSG_ID_LEN]);

#endif
