// start.js - pick a template and describe the subject, then create the session.
import { get, post, newId } from '../api.js';
import { h, mount, field, notify } from '../dom.js';

// A datetime-local value ("2026-11-03T09:30") as RFC 3339 with this browser's offset
// ("2026-11-03T09:30:00+10:00"): the server resolves "by Friday" against the date the
// meeting took place where it took place (occurred_at's date part).
function localRfc3339(v) {
  const off = -new Date(v).getTimezoneOffset();
  const two = (n) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  return `${v.length === 16 ? v + ':00' : v}${off < 0 ? '-' : '+'}${two(off / 60)}:${two(off % 60)}`;
}

const isDebrief = (t) => (t.contextRules || []).some((r) => r.attribute === 'meeting_type');

function debriefForm(t) {
  const types = [...new Set(t.contextRules.filter((r) => r.attribute === 'meeting_type').map((r) => r.equals))];
  const c = {
    account: h('input', { name: 'account', required: true, autocomplete: 'organization' }),
    type: h('select', { name: 'meeting_type' }, types.map((x) => h('option', { value: x }, x))),
    title: h('input', { name: 'title', required: true }),
    time: h('input', { name: 'time', type: 'datetime-local' }),
    attendees: h('input', { name: 'attendees' }),
  };
  return {
    controls: [field('Account', c.account), field('Meeting type', c.type), field('Meeting title', c.title),
      field('When it took place', c.time), field('Attendees', c.attendees, 'Names separated by commas')],
    subject: () => {
      const account = c.account.value.trim();
      const attributes = { account, meeting_type: c.type.value };
      if (c.time.value) attributes.occurred_at = localRfc3339(c.time.value);
      const people = c.attendees.value.split(',').map((s) => s.trim()).filter(Boolean);
      if (people.length) attributes.attendees = people;
      const key = 'account:' + account.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      return { kind: 'meeting', key, title: c.title.value.trim(), attributes };
    },
  };
}

function experienceForm() {
  const hint = h('input', { name: 'hint', required: true });
  return {
    controls: [field('What is this about?', hint, 'A short hint, for example "Platform lead at Acme, 2021 to 2024"')],
    subject: () => ({ kind: 'experience', key: 'experience:' + hint.value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60), title: hint.value.trim(), attributes: { hint: hint.value.trim() } }),
  };
}

export async function start(go) {
  let templates;
  try { templates = (await get('/v1/templates')).templates || []; }
  catch (err) { mount(h('p', { class: 'error' }, err.message)); return; }
  const picker = h('select', { name: 'template', id: 'template' }, templates.map((t) => h('option', { value: t.slug }, t.title || t.slug)));
  const slot = h('div', { class: 'stack' });
  const desc = h('p', { class: 'muted' });
  let form;
  const pick = () => {
    const t = templates.find((x) => x.slug === picker.value);
    if (!t) return;
    desc.textContent = t.description || '';
    form = isDebrief(t) ? debriefForm(t) : experienceForm(t);
    slot.replaceChildren(...form.controls);
  };
  picker.addEventListener('change', pick);
  const submit = h('button', { type: 'submit' }, 'Start the interview');
  mount(h('form', {
    class: 'card narrow stack',
    onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        const r = await post('/v1/sessions', { templateSlug: picker.value, subject: form.subject(), requestId: newId() });
        notify('');
        go('#/s/' + r.session.id);
      } catch (err) { notify(err.message); submit.disabled = false; }
    },
  }, h('h2', {}, 'New interview'),
  templates.length ? field('Template', picker) : h('p', {}, 'No templates are available.'),
  desc, slot, submit));
  pick();
}
