// signin.js - paste a token, or in dev mode continue as the development user.
import { auth, get } from '../api.js';
import { h, mount, field, notify } from '../dom.js';

// Dev mode is on when the gateway answers a call that carries no token.
async function devMode() {
  try {
    const res = await fetch('/v1/templates');
    return res.ok;
  } catch { return false; }
}

export async function signin(go) {
  const input = h('textarea', { rows: 4, autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h('form', {
    class: 'card',
    onsubmit: async (e) => {
      e.preventDefault();
      const t = input.value.trim().replace(/^Bearer\s+/i, '');
      if (t.split('.').length !== 3) { notify('That does not look like a token: a token has three parts separated by dots.'); return; }
      auth.setToken(t);
      try { await get('/v1/templates'); } catch (err) { auth.clear(); notify(err.message); return; }
      notify('');
      go('#/start');
    },
  },
  h('h2', {}, 'Sign in'),
  field('Access token', input, 'Paste the token you were given (for example from "debrief-server token"). It stays in this tab only.'),
  h('button', { type: 'submit' }, 'Sign in'));
  const devBox = h('div', { class: 'card', hidden: true },
    h('h2', {}, 'Development mode'),
    h('p', {}, 'This server runs in development mode: you can use it without a token, as the development user.'),
    h('button', { type: 'button', id: 'dev-signin', onclick: () => { auth.setDev(); notify(''); go('#/start'); } }, 'Continue as the development user'));
  mount(h('section', { class: 'stack narrow', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title', class: 'sr-only' }, 'Welcome'), devBox, form));
  if (await devMode()) devBox.hidden = false;
}
