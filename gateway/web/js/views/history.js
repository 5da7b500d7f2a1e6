// history.js - the user's sessions (a manager's: the team's), filtered by
// state and template; each opens its record.
import { get } from '../api.js';
import { h, mount, field } from '../dom.js';

const STATES = ['CREATED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'EXPIRED', 'CANCELLED'];

export async function history() {
  let templates = [];
  try { templates = (await get('/v1/templates')).templates || []; } catch { /* the list below says why */ }
  const state = h('select', {}, h('option', { value: '' }, 'Any state'), STATES.map((s) => h('option', { value: 'SESSION_STATE_' + s }, s.toLowerCase())));
  const tpl = h('select', {}, h('option', { value: '' }, 'Any template'), templates.map((t) => h('option', { value: t.slug }, t.title || t.slug)));
  const list = h('ul', { class: 'list', 'aria-live': 'polite' });
  let latest = 0; // only the newest load may fill the list
  const load = async () => {
    const mine = ++latest;
    const q = new URLSearchParams({ pageSize: '50' });
    if (state.value) q.append('states', state.value);
    if (tpl.value) q.set('templateSlug', tpl.value);
    try {
      const r = await get('/v1/sessions?' + q);
      if (mine !== latest) return;
      const ss = r.sessions || [];
      list.replaceChildren(...(ss.length ? ss.map((s) => h('li', {},
        h('a', { href: (s.state === 'SESSION_STATE_COMPLETED' ? '#/r/' : '#/s/') + s.id }, s.subject?.title || s.id),
        h('span', { class: 'muted' }, ` ${s.templateSlug} · ${s.state.replace('SESSION_STATE_', '').toLowerCase()} · ${new Date(s.createTime).toLocaleString()}${s.ownerId ? ' · ' + s.ownerId : ''}`)))
        : [h('li', { class: 'muted' }, 'No sessions match.')]));
    } catch (err) { list.replaceChildren(h('li', { class: 'error' }, err.message)); }
  };
  state.addEventListener('change', load);
  tpl.addEventListener('change', load);
  mount(h('section', { class: 'stack' }, h('h2', {}, 'History'),
    h('div', { class: 'filters' }, field('State', state), field('Template', tpl)), list));
  await load();
}
