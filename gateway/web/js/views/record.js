// record.js - a session's outcome: the summary by the template's sections
// (a debrief's CRM payload, an experience's narrative, bullets, STAR story
// and skills), the extracted record, insights and the transcript; copy it,
// or download it as JSON or Markdown.
import { get } from '../api.js';
import { h, mount, notify, show, label, fieldLabel } from '../dom.js';

// An item that reads as one line: a person, a step or a metric (show() writes them as
// "lead (rest)"), or an insight ("Risk: the text").
const oneLine = (x) => {
  if (x.kind && x.text) return `${label(String(x.kind))}: ${x.text}`;
  if ('name' in x || 'action' in x || 'metric' in x) return show(x);
  return null;
};

// Nothing to show: an empty list, text or object, or no value (a section's unstated part).
const empty = (x) => x === null || x === undefined || x === '' || (Array.isArray(x) && !x.length) ||
  (typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).length);
// A span as the summary writes it: start, end and their text.
const isSpan = (v) => ('start' in v || 'end' in v) && Object.keys(v).every((k) => ['start', 'end', 'text'].includes(k));

// The parts of a summary object worth a row each, as [key, value]: empty parts are left out;
// an amount with its currency beside it reads as money, and the object's own "text" (its
// sentence of the other parts) only stands when they are empty.
function rows(v) {
  let out = Object.entries(v).filter(([, x]) => !empty(x));
  if (typeof v.amount === 'number' && typeof v.currency === 'string') {
    out = out.filter(([k]) => k !== 'currency').map(([k, x]) => [k, k === 'amount' ? { amount: x, currency: v.currency } : x]);
  }
  if (out.some(([k]) => k !== 'text')) out = out.filter(([k]) => k !== 'text');
  return out;
}

// A summary key as people read it: the template field's label when the key is a field's.
const namer = (template) => {
  const names = new Map((template.fields || []).map((f) => [f.key, fieldLabel(f)]));
  return (k) => names.get(k) || label(k);
};

// A summary value as elements: text, a list, or a table of key and value.
function block(v, name) {
  if (Array.isArray(v)) return h('ul', {}, v.map((x) => h('li', {}, typeof x === 'object' && x !== null ? (oneLine(x) ?? block(x, name)) : show(x))));
  if (v && typeof v === 'object') {
    if (isSpan(v)) return h('p', {}, show({ start: v.start, end: v.end }));
    return h('dl', { class: 'kv' }, rows(v).flatMap(([k, x]) => [h('dt', {}, name(k)), h('dd', {}, typeof x === 'object' && x !== null && !('amount' in x) ? block(x, name) : show(x))]));
  }
  return h('p', {}, show(v));
}

function md(v, name, depth = 0) {
  const pad = '  '.repeat(depth);
  if (Array.isArray(v)) return v.map((x) => `${pad}- ${typeof x === 'object' && x !== null ? (oneLine(x) ?? '\n' + md(x, name, depth + 1)) : show(x)}`).join('\n');
  if (v && typeof v === 'object' && isSpan(v)) return pad + show({ start: v.start, end: v.end });
  if (v && typeof v === 'object') return rows(v).map(([k, x]) => `${pad}- **${name(k)}**: ${typeof x === 'object' && x !== null && !('amount' in x) ? '\n' + md(x, name, depth + 1) : show(x)}`).join('\n');
  return pad + show(v);
}

// The extracted fields in the template's order (the order they were filled in says little).
const inFieldOrder = (session, template) => {
  const at = new Map((template.fields || []).map((f, i) => [f.key, i]));
  return [...(session.extracted || [])].sort((a, b) => (at.get(a.key) ?? 1e9) - (at.get(b.key) ?? 1e9));
};

export function markdown(session, template) {
  const s = session.summary || {};
  const name = namer(template);
  const parts = [`# ${session.subject?.title || template.title}`, `${template.title} · ${session.id}`];
  for (const sec of template.summary || []) if (s[sec.key] !== undefined) parts.push(`## ${sec.title}`, md(s[sec.key], name));
  parts.push('## Record', inFieldOrder(session, template).map((f) => `- **${name(f.key)}**: ${show(f.value)}`).join('\n'));
  return parts.join('\n\n') + '\n';
}

function download(name, type, text) {
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export async function record(go, id) {
  let session, template, messages, insights;
  try {
    session = (await get(`/v1/sessions/${encodeURIComponent(id)}`)).session;
    template = (await get(`/v1/templates/${encodeURIComponent(session.templateSlug)}`)).template;
    messages = (await get(`/v1/sessions/${encodeURIComponent(id)}/messages`)).messages || [];
    insights = (await get(`/v1/insights?sessionId=${encodeURIComponent(id)}`).catch(() => ({}))).insights || [];
  } catch (err) { mount(h('p', { class: 'error' }, err.message)); return; }
  const summary = session.summary || {};
  const name = namer(template);
  const json = JSON.stringify({ session, insights }, null, 2);
  const text = markdown(session, template);
  // The insights the summary proposed are shown with where their review stands, once.
  const status = (i) => (i.status || '').replace('INSIGHT_STATUS_', '').toLowerCase();
  const reviewed = insights.length
    ? h('ul', {}, insights.map((i) => h('li', {}, `${i.kind ? label(String(i.kind).replace('INSIGHT_KIND_', '').toLowerCase()) + ': ' : ''}${i.text} (${status(i)})`)))
    : null;
  const sections = (template.summary || []).filter((sec) => summary[sec.key] !== undefined)
    .map((sec) => h('section', { class: 'card', 'data-section': sec.key }, h('h3', {}, sec.title),
      sec.key === 'insights' && reviewed ? reviewed : block(summary[sec.key], name)));
  const insightsShown = reviewed && (template.summary || []).some((sec) => sec.key === 'insights' && summary.insights !== undefined);
  const copy = async () => {
    try { await navigator.clipboard.writeText(text); notify('Copied as Markdown.', 'ok'); }
    catch { notify('The browser did not allow copying; use Download Markdown instead.'); }
  };
  const base = (session.subject?.title || session.id).replace(/[^A-Za-z0-9]+/g, '-').slice(0, 50);
  mount(h('div', { class: 'stack record' },
    h('div', { class: 'talk-head' }, h('h2', {}, session.subject?.title || template.title),
      h('span', { class: 'state' }, session.state.replace('SESSION_STATE_', '').toLowerCase())),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Export' },
      h('button', { type: 'button', onclick: copy }, 'Copy'),
      h('button', { type: 'button', class: 'secondary', onclick: () => download(base + '.json', 'application/json', json) }, 'Download JSON'),
      h('button', { type: 'button', class: 'secondary', onclick: () => download(base + '.md', 'text/markdown', text) }, 'Download Markdown'),
      session.state !== 'SESSION_STATE_COMPLETED' ? h('a', { class: 'button secondary', href: '#/s/' + id }, 'Continue the interview') : null),
    sections.length ? sections : h('p', { class: 'muted' }, 'No summary yet: it is written when the interview completes.'),
    h('section', { class: 'card' }, h('h3', {}, 'Record'),
      h('dl', { class: 'kv' }, inFieldOrder(session, template).flatMap((f) => [h('dt', {}, name(f.key)), h('dd', {}, show(f.value))]))),
    reviewed && !insightsShown ? h('section', { class: 'card' }, h('h3', {}, 'Insights'), reviewed) : null,
    h('details', { class: 'card' }, h('summary', {}, `Transcript (${messages.length} messages)`),
      h('ol', { class: 'transcript' }, messages.filter((m) => m.text).map((m) => h('li', { class: 'msg ' + (m.role === 'MESSAGE_ROLE_USER' ? 'a' : 'q') }, m.text))))));
}
