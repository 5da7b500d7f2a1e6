// insights.js - a manager's review of proposed insights: accept, reject or
// edit, with each insight's audit trail.
import { get, post } from '../api.js';
import { h, mount, field, notify } from '../dom.js';

const kind = (k) => (k || '').replace('INSIGHT_KIND_', '').replace('_', ' ').toLowerCase();
const status = (s) => (s || '').replace('INSIGHT_STATUS_', '').toLowerCase();

function item(ins, reload) {
  const trail = h('ol', { class: 'trail' });
  const review = async (action, extra = {}) => {
    try { await post(`/v1/insights/${encodeURIComponent(ins.id)}:review`, { action, ...extra }); notify(''); reload(); }
    catch (err) { notify(err.message); }
  };
  const text = h('textarea', { rows: 2 }, ins.text);
  const editor = h('form', { class: 'edit', hidden: true, onsubmit: (e) => { e.preventDefault(); review('REVIEW_ACTION_EDIT', { editedText: text.value.trim() }); } },
    field('Edited insight', text), h('button', { type: 'submit' }, 'Save edit'));
  const showTrail = async (e) => {
    if (!e.target.open) return;
    try {
      const r = (await get(`/v1/insights/${encodeURIComponent(ins.id)}/reviews`)).reviews || [];
      trail.replaceChildren(...(r.length ? r.map((x) => h('li', {}, `${new Date(x.createTime).toLocaleString()}: ${x.reviewerId} ${x.action.replace('REVIEW_ACTION_', '').toLowerCase()}ed${x.newText ? ` "${x.newText}"` : ''}`)) : [h('li', {}, 'Not reviewed yet.')]));
    } catch (err) { trail.replaceChildren(h('li', { class: 'error' }, err.message)); }
  };
  const open = status(ins.status) === 'proposed';
  return h('li', { class: 'card insight', 'data-insight': ins.id },
    h('p', {}, h('strong', {}, kind(ins.kind)), ` · ${status(ins.status)} · ${Math.round((ins.confidence || 0) * 100)}% confident`),
    h('p', { class: 'itext' }, ins.text),
    h('div', { class: 'controls', role: 'group', 'aria-label': 'Review' },
      h('button', { type: 'button', disabled: !open, onclick: () => review('REVIEW_ACTION_ACCEPT') }, 'Accept'),
      h('button', { type: 'button', class: 'secondary', disabled: !open, onclick: () => review('REVIEW_ACTION_REJECT') }, 'Reject'),
      h('button', { type: 'button', class: 'secondary', disabled: !open, onclick: () => { editor.hidden = !editor.hidden; } }, 'Edit')),
    editor,
    h('details', { ontoggle: showTrail }, h('summary', {}, 'Audit trail'), trail),
    h('a', { href: '#/r/' + ins.sessionId }, 'Open the session'));
}

export async function insights() {
  const filter = h('select', {}, ['PROPOSED', 'ACCEPTED', 'REJECTED', 'EDITED', ''].map((s) => h('option', { value: s }, s ? s.toLowerCase() : 'all')));
  const list = h('ul', { class: 'list stack', 'aria-live': 'polite' });
  let latest = 0; // only the newest load may fill the list
  const load = async () => {
    const mine = ++latest;
    const q = new URLSearchParams({ pageSize: '50' });
    if (filter.value) q.append('statuses', 'INSIGHT_STATUS_' + filter.value);
    try {
      const r = (await get('/v1/insights?' + q)).insights || [];
      if (mine !== latest) return;
      list.replaceChildren(...(r.length ? r.map((i) => item(i, load)) : [h('li', { class: 'muted' }, 'No insights here.')]));
    } catch (err) { list.replaceChildren(h('li', { class: 'error' }, err.message)); }
  };
  filter.addEventListener('change', load);
  mount(h('section', { class: 'stack' }, h('h2', {}, 'Insights'), h('div', { class: 'filters' }, field('Status', filter)), list));
  await load();
}
