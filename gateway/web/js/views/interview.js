// interview.js - the conversation: questions (streamed as deltas when a model
// writes them), answers, every template field filling live with inline
// correction, the controls, warning banners, and the connection's state.
import { get, post, newId } from '../api.js';
import { Conversation } from '../converse.js';
import { h, mount, field, notify, show, fieldLabel, parseMoney, parseItems } from '../dom.js';

const STATES = { SESSION_STATE_CREATED: 'Ready', SESSION_STATE_ACTIVE: 'In progress', SESSION_STATE_PAUSED: 'Paused', SESSION_STATE_COMPLETED: 'Completed', SESSION_STATE_EXPIRED: 'Expired', SESSION_STATE_CANCELLED: 'Cancelled' };
const SOURCES = { EXTRACTION_SOURCE_RULE: 'from your answer', EXTRACTION_SOURCE_LLM: 'read by the model', EXTRACTION_SOURCE_USER: 'corrected by you' };
const WARNINGS = { WARNING_KIND_INACTIVITY: 'Still there?', WARNING_KIND_EXPIRING: 'This session expires soon.', WARNING_KIND_PROVIDER_FALLBACK: 'The model is unavailable; the offline interviewer continues.', WARNING_KIND_TAKEN_OVER: 'This interview was opened elsewhere.', WARNING_KIND_SERVER_SHUTDOWN: 'The server is restarting; reconnecting.' };

export async function interview(go, id) {
  let session, template, history;
  try {
    session = (await get(`/v1/sessions/${encodeURIComponent(id)}`)).session;
    template = (await get(`/v1/templates/${encodeURIComponent(session.templateSlug)}`)).template;
    history = (await get(`/v1/sessions/${encodeURIComponent(id)}/messages`)).messages || [];
  } catch (err) { mount(h('p', { class: 'error' }, err.message)); return; }
  if (session.state === 'SESSION_STATE_COMPLETED') { go('#/r/' + id, true); return; }

  const log = h('ol', { class: 'transcript', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const answersBySeq = new Map();
  const shownQuestions = new Map(); // questionId -> element
  const shownAnswers = new Map(); // clientMsgId -> element
  let currentQ = '';

  const addQuestion = (q) => {
    currentQ = q.questionId || currentQ;
    let el = shownQuestions.get(q.questionId);
    if (!el) {
      el = h('li', { class: 'msg q', 'data-question': q.questionId || '' });
      shownQuestions.set(q.questionId, el);
      log.append(el);
    }
    el.textContent = q.text;
    if (q.targetFields) el.dataset.targets = q.targetFields.join(' ');
    el.scrollIntoView({ block: 'nearest' });
  };
  const addAnswer = (clientMsgId, text, seq, queued) => {
    let el = shownAnswers.get(clientMsgId);
    if (!el) {
      el = h('li', { class: 'msg a', 'data-client-msg-id': clientMsgId }, h('span', { class: 'text' }, text), h('span', { class: 'tag' }));
      shownAnswers.set(clientMsgId, el);
      log.append(el);
    }
    el.querySelector('.tag').textContent = queued ? 'queued, sent when back online' : '';
    el.classList.toggle('queued', !!queued);
    if (seq) answersBySeq.set(Number(seq), text);
  };
  for (const m of history) {
    if (m.kind === 'MESSAGE_KIND_QUESTION') addQuestion({ questionId: m.questionId || 'h' + m.seq, text: m.text });
    else if (m.kind === 'MESSAGE_KIND_ANSWER') addAnswer(m.clientMsgId || 'h' + m.seq, m.text, m.seq);
  }

  // The side panel: every field of the template, filled as extraction updates come.
  const rows = new Map();
  const values = new Map();
  const edits = new Map(); // clientMsgId -> {f, before}: edits sent, until acked or rejected
  const panel = h('dl', { class: 'fields' });
  let conv;
  const renderField = (f) => {
    const v = values.get(f.key);
    const row = rows.get(f.key);
    const conf = v ? Math.round((v.confidence || 0) * 100) : 0;
    const evidence = v && v.evidenceSeq && answersBySeq.get(Number(v.evidenceSeq));
    const edit = h('button', { type: 'button', class: 'link', 'aria-label': `Correct ${fieldLabel(f)}`, onclick: () => openEdit(f) }, 'Correct');
    row.replaceChildren(
      h('dt', {}, fieldLabel(f), f.required ? h('span', { class: 'req', title: 'required' }, ' *') : null),
      h('dd', {},
        h('div', { class: 'value' + (v ? '' : ' empty') }, v ? show(v.value) : 'Not yet known'),
        v ? h('div', { class: 'conf' },
          h('meter', { min: 0, max: 100, low: 50, high: 80, optimum: 100, value: conf, 'aria-label': `Confidence in ${fieldLabel(f)}` }),
          h('span', {}, `${conf}% · ${SOURCES[v.source] || 'extracted'}`)) : null,
        evidence ? h('blockquote', { class: 'evidence' }, evidence) : null,
        edit));
    row.classList.toggle('user', !!v && v.source === 'EXTRACTION_SOURCE_USER');
  };
  const openEdit = (f) => {
    const row = rows.get(f.key);
    const v = values.get(f.key);
    // Money is offered as code and plain amount ("EUR 250000"), which parseMoney reads in any locale.
    const amount = f.type === 'FIELD_TYPE_MONEY' && v && v.value && typeof v.value.amount === 'number';
    const input = h('input', { value: !v ? '' : amount ? `${v.value.currency || ''} ${v.value.amount}`.trim() : show(v.value) });
    const form = h('form', {
      class: 'edit',
      onsubmit: (e) => {
        e.preventDefault();
        const text = input.value.trim();
        let value = text;
        if (f.type === 'FIELD_TYPE_LIST') value = text.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
        else if (f.type === 'FIELD_TYPE_OBJECT_LIST') value = parseItems(text, f.itemKeys);
        else if (f.type === 'FIELD_TYPE_MONEY') {
          value = parseMoney(text, v && v.value && v.value.currency);
          if (!value) { notify(`${fieldLabel(f)}: enter an amount such as 120k, EUR 250,000 or £1.2m.`); return; }
        } else if (f.type === 'FIELD_TYPE_NUMBER' && text !== '' && !Number.isNaN(Number(text))) value = Number(text);
        else if (f.type === 'FIELD_TYPE_BOOL') value = /^(yes|true|1)$/i.test(text);
        const cid = newId();
        edits.set(cid, { f, before: v });
        conv.send(cid, { editField: { key: f.key, value, clientMsgId: cid } });
        values.set(f.key, { ...(v || {}), key: f.key, value, confidence: 1, source: 'EXTRACTION_SOURCE_USER' });
        renderField(f);
      },
    }, field(`New value for ${fieldLabel(f)}`, input), h('button', { type: 'submit' }, 'Save'),
    h('button', { type: 'button', class: 'secondary', onclick: () => renderField(f) }, 'Cancel'));
    row.querySelector('dd').replaceChildren(form);
    input.focus();
  };
  for (const f of template.fields || []) {
    const row = h('div', { class: 'frow', 'data-field': f.key });
    rows.set(f.key, row);
    panel.append(row);
  }
  const setFields = (list) => {
    for (const fv of list || []) values.set(fv.key, fv);
    for (const f of template.fields || []) if (!list || list.some((x) => x.key === f.key)) renderField(f);
  };
  setFields(session.extracted || []);
  for (const f of template.fields || []) renderField(f);

  // Status, banners, controls.
  const stateEl = h('span', { class: 'state', id: 'session-state' });
  const connEl = h('span', { class: 'conn', role: 'status', id: 'conn' });
  const banners = h('div', { class: 'banners' });
  // An ACTIVE session takes answers, and so does a new (CREATED) one: its first answer opens it.
  // A paused one takes Resume and Finish; an ended one (expired, completed, cancelled) takes
  // nothing here, and an expired one offers Recover.
  let composerEls = [];
  const setState = (s) => {
    session.state = s;
    stateEl.textContent = STATES[s] || s;
    const active = s === 'SESSION_STATE_ACTIVE', paused = s === 'SESSION_STATE_PAUSED';
    pauseBtn.hidden = !active;
    resumeBtn.hidden = !paused;
    skipBtn.hidden = !active;
    finishBtn.hidden = !active && !paused;
    for (const el of composerEls) el.disabled = !active && s !== 'SESSION_STATE_CREATED';
  };
  const banner = (text, action) => {
    banners.replaceChildren(h('div', { class: 'banner', role: 'alert' }, h('span', {}, text), action || null));
  };
  // Controls are sent only while connected (converse.js, sendNow); offline, the person is told to retry.
  const control = (action) => {
    if (!conv.sendNow({ control: { action, clientMsgId: newId() } })) notify('You are offline: try again once the interview has reconnected.');
  };
  const pauseBtn = h('button', { type: 'button', class: 'secondary', onclick: () => control('CONTROL_ACTION_PAUSE') }, 'Pause');
  const resumeBtn = h('button', { type: 'button', class: 'secondary', onclick: () => control('CONTROL_ACTION_RESUME') }, 'Resume');
  const skipBtn = h('button', { type: 'button', class: 'secondary', onclick: () => control('CONTROL_ACTION_SKIP') }, 'Skip question');
  const finishBtn = h('button', { type: 'button', class: 'secondary', onclick: () => control('CONTROL_ACTION_FINISH') }, 'Finish');
  const recover = () => h('button', {
    type: 'button',
    onclick: async () => {
      try { await post(`/v1/sessions/${encodeURIComponent(id)}:recover`); interview(go, id); }
      catch (err) { notify(err.message); }
    },
  }, 'Recover');

  const answer = h('textarea', { rows: 3, id: 'answer', placeholder: 'Type your answer' });
  const sendAnswer = () => {
    const text = answer.value.trim();
    if (!text) return;
    const cid = newId();
    const offline = !conv.ws || conv.ws.readyState !== WebSocket.OPEN;
    addAnswer(cid, text, 0, offline);
    conv.send(cid, { answer: { clientMsgId: cid, text, questionId: currentQ } });
    if (offline) connEl.textContent = `Offline: ${conv.queued} waiting to send, sent when back online`;
    answer.value = '';
  };
  answer.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendAnswer(); } });
  const sendBtn = h('button', { type: 'submit' }, 'Send');
  const composer = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); sendAnswer(); } },
    field('Your answer', answer, 'Enter sends; Shift+Enter starts a new line.'), sendBtn);
  composerEls = [answer, sendBtn];
  setState(session.state);

  mount(h('div', { class: 'interview' },
    h('section', { class: 'talk', 'aria-labelledby': 'talk-title' },
      h('div', { class: 'talk-head' }, h('h2', { id: 'talk-title' }, session.subject?.title || template.title), stateEl, connEl),
      banners,
      h('div', { class: 'controls', role: 'group', 'aria-label': 'Interview controls' }, pauseBtn, resumeBtn, skipBtn, finishBtn),
      log, composer),
    h('aside', { class: 'panel', 'aria-labelledby': 'fields-title' }, h('h2', { id: 'fields-title' }, 'The record'), panel)));

  conv = new Conversation(id, {
    onState: (s, detail) => {
      const n = conv.queued;
      if (s === 'open') {
        connEl.textContent = 'Connected';
        for (const el of shownAnswers.values()) if (el.classList.contains('queued')) { el.classList.remove('queued'); el.querySelector('.tag').textContent = ''; }
      } else if (s === 'connecting') connEl.textContent = 'Connecting…';
      else if (s === 'offline') connEl.textContent = `Offline: reconnecting in ${Math.ceil(detail / 1000)} s${n ? `; ${n} waiting to send` : ''}`;
      else if (s === 'refused') notify(`That did not work: ${detail.message}`);
      else if (s === 'ended') {
        connEl.textContent = 'Closed';
        if (detail.code && detail.code !== 0) {
          if (/expired/i.test(detail.message || '')) banner('This session expired. Recover it to carry on where you stopped.', recover());
          else notify(`The interview stopped: ${detail.message || 'the server ended it'}. Reload the page to try again.`);
        }
      }
    },
    onFrame: (f) => {
      if (f.snapshot) {
        const s = f.snapshot.session || {};
        setState(s.state);
        setFields(s.extracted || []);
        if (f.snapshot.pendingQuestion) addQuestion(f.snapshot.pendingQuestion);
        if (s.state === 'SESSION_STATE_EXPIRED') banner('This session expired. Recover it to carry on where you stopped.', recover());
      } else if (f.textDelta) {
        const q = f.textDelta.questionId;
        let el = shownQuestions.get(q);
        if (!el) { el = h('li', { class: 'msg q streaming' }); shownQuestions.set(q, el); log.append(el); }
        el.textContent += f.textDelta.delta;
      } else if (f.question) {
        shownQuestions.get(f.question.questionId)?.classList.remove('streaming');
        addQuestion(f.question);
      } else if (f.rejected) {
        // The server refused an edit or a control and kept the stream: undo the edit shown.
        const e = edits.get(f.rejected.clientMsgId);
        if (e) {
          edits.delete(f.rejected.clientMsgId);
          if (e.before) values.set(e.f.key, e.before); else values.delete(e.f.key);
          renderField(e.f);
        }
        notify(`${e ? fieldLabel(e.f) + ': ' : ''}${f.rejected.message || 'the server refused that'}`);
      } else if (f.ack) {
        edits.delete(f.ack.clientMsgId);
        const el = shownAnswers.get(f.ack.clientMsgId);
        if (el) answersBySeq.set(Number(f.ack.seq), el.querySelector('.text').textContent);
      } else if (f.extraction) {
        setFields(f.extraction.updates);
      } else if (f.warning) {
        const expiring = f.warning.kind === 'WARNING_KIND_EXPIRING';
        banner(f.warning.message || WARNINGS[f.warning.kind] || 'Warning', expiring ? h('button', { type: 'button', class: 'secondary', onclick: () => { banners.replaceChildren(); conv.heartbeat(); } }, 'Keep going') : null);
      } else if (f.state) {
        setState(f.state.state);
        if (f.state.state === 'SESSION_STATE_EXPIRED') banner('This session expired. Recover it to carry on where you stopped.', recover());
      } else if (f.completed) {
        conv.close();
        go('#/r/' + id);
      }
    },
  });
  conv.connect();
  return () => conv.close();
}
