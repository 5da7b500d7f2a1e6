// converse.js - one interview's WebSocket: sign-in as the first message, open
// with resume, reconnection with backoff, and a queue of frames not yet
// acknowledged, so nothing typed offline is lost and nothing is shown twice.
import { auth } from './api.js';

const PROTOCOL = 'debrief.v1.json';
const RETRYABLE = new Set([4, 8, 10, 14]); // DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE

export class Conversation {
  // onFrame(frame) for every new ConverseResponse; onState(state, detail) for the connection:
  // 'connecting', 'open', 'offline' (retrying in detail ms), 'refused' (a request on an open
  // stream did not fit the session's state; detail: the status), 'ended' (detail: the final
  // status; an open refused with FAILED_PRECONDITION, e.g. an expired session, ends too).
  constructor(sessionId, { onFrame, onState }) {
    this.sessionId = sessionId;
    this.onFrame = onFrame;
    this.onState = onState;
    this.lastSeq = 0;
    this.pending = []; // [{id, frame}] sent or to send, until acknowledged
    this.attempt = 0;
    this.ended = false;
    this.ws = null;
    this.opened = false; // the current socket's snapshot arrived
    this.timer = 0;
  }

  connect() {
    if (this.ended) return;
    clearTimeout(this.timer);
    this.onState('connecting');
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/sessions/${encodeURIComponent(this.sessionId)}/converse`;
    const ws = new WebSocket(url, PROTOCOL);
    this.ws = ws;
    this.opened = false;
    ws.onopen = () => {
      const t = auth.token();
      if (t) ws.send(JSON.stringify({ authorization: 'Bearer ' + t }));
      ws.send(JSON.stringify({ open: { sessionId: this.sessionId, resumeAfterSeq: String(this.lastSeq) } }));
      this.attempt = 0;
      this.onState('open');
      // What was not acknowledged goes again; the server drops repeats by client_msg_id.
      for (const p of this.pending) ws.send(JSON.stringify(p.frame));
    };
    ws.onmessage = (ev) => this.receive(JSON.parse(ev.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (!this.ended) this.retry();
    };
  }

  receive(f) {
    if (f.status) {
      const code = f.status.code || 0;
      if (code === 9 && this.opened) {
        // FAILED_PRECONDITION on an open stream: this request did not fit the session's state
        // (pausing a paused session); the session itself is fine, so say why and reconnect.
        this.onState('refused', f.status);
      } else if (code === 0 || !RETRYABLE.has(code)) {
        this.ended = true;
        this.onState('ended', f.status);
      }
      return; // not ended: the close that follows reconnects
    }
    const seq = Number(f.seq || 0);
    if (f.snapshot) {
      this.opened = true; // before it, FAILED_PRECONDITION means the session cannot be opened
      // A fresh open starts from the session's last seq; a resume replays what follows ours.
      if (this.lastSeq === 0) this.lastSeq = Number(f.snapshot.session?.lastSeq || 0);
      this.onFrame(f);
      return;
    }
    // An ack clears its frame even when it repeats one seen (a frame sent again after a drop);
    // so does a Rejected frame (a refused edit or control: sending it again would not help).
    const done = f.ack ? f.ack.clientMsgId : f.rejected ? f.rejected.clientMsgId : null;
    if (done) this.pending = this.pending.filter((p) => p.id !== done);
    if (seq && seq <= this.lastSeq) return; // seen already
    if (seq) this.lastSeq = seq;
    this.onFrame(f);
  }

  retry() {
    const delay = Math.min(10000, 500 * 2 ** this.attempt) * (0.75 + Math.random() / 2);
    this.attempt++;
    this.onState('offline', Math.round(delay));
    this.timer = setTimeout(() => this.connect(), delay);
  }

  // Queues a frame with its client_msg_id and sends it when the socket is open.
  send(id, frame) {
    this.pending.push({ id, frame });
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  // Tells the server the person is still there.
  heartbeat() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ heartbeat: {} }));
  }

  // Sends a control only while connected: queued across a reconnect, it could act on a
  // session that moved on meanwhile. The server acks it and drops a repeat by clientMsgId.
  sendNow(frame) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get queued() { return this.pending.length; }

  close() {
    this.ended = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
  }
}
