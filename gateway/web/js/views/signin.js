// signin.js - paste a token, or in dev mode continue as the development user.
import { auth, get, post } from '../api.js';
import { h, mount, field, notify } from '../dom.js';

// Whether the gateway mints development tokens, and whether the server takes calls without one.
async function probe(path) {
  try { return (await fetch(path)).ok; } catch { return false; }
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
  // In dev mode the gateway mints tokens for a picked user (POST /dev/token) when it has the
  // HS256 secret; without it, the app goes on without a token as the server's dev principal.
  const user = h('input', { value: 'alice', autocomplete: 'off', required: true });
  const role = h('select', {}, ['member', 'manager', 'admin'].map((r) => h('option', { value: r }, r)));
  const team = h('input', { value: 'sales', autocomplete: 'off' });
  const picker = h('form', {
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        const r = await post('/dev/token', { user: user.value.trim(), role: role.value, team: team.value.trim() });
        auth.setToken(r.token);
      } catch (err) { notify(err.message); return; }
      notify('');
      go('#/start');
    },
  }, field('User', user), field('Role', role), field('Team', team),
  h('button', { type: 'submit' }, 'Sign in as this user'));
  const devBox = h('div', { class: 'card', hidden: true },
    h('h2', {}, 'Development mode'),
    h('p', {}, 'This server runs in development mode: pick who you are, no token needed.'), picker,
    h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => { auth.setDev(); notify(''); go('#/start'); } }, 'Continue as the development user'));
  mount(h('section', { class: 'stack narrow', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title', class: 'sr-only' }, 'Welcome'), devBox, form));
  const [minting, open] = await Promise.all([probe('/dev/token'), probe('/v1/templates')]);
  devBox.hidden = !minting && !open;
  picker.hidden = !minting;
  devBox.lastChild.hidden = minting || !open;
}
