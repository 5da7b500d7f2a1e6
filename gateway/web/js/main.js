// main.js - the router (the part of the URL after '#'), the header and the
// live notifications.
import { auth, watch } from './api.js';
import { h, notify } from './dom.js';
import { signin } from './views/signin.js';
import { start } from './views/start.js';
import { interview } from './views/interview.js';
import { record } from './views/record.js';
import { history } from './views/history.js';
import { insights } from './views/insights.js';

let leave = null; // the current view's clean-up
let watching = null;

function go(hash, replace) {
  if (replace) window.history.replaceState(null, '', hash);
  if (replace || location.hash === hash) route();
  else location.hash = hash; // the hashchange routes
}

// The notifications list, fed over Server-Sent Events while signed in.
function notifications() {
  if (watching) return;
  const list = h('ul', { id: 'notifications', class: 'toasts', 'aria-live': 'polite', 'aria-label': 'Notifications' });
  document.body.append(list);
  watching = new AbortController();
  const run = async (attempt) => {
    try {
      await watch('/v1/notifications:watch', (ev, data) => {
        if (ev !== 'result' || !data.notification) return;
        const n = data.notification;
        const li = h('li', {}, n.sessionId ? h('a', { href: '#/r/' + n.sessionId }, n.text) : n.text,
          h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => li.remove() }, '×'));
        list.prepend(li);
        while (list.children.length > 5) list.lastChild.remove();
      }, watching.signal);
    } catch { /* retried below */ }
    if (!watching.signal.aborted) setTimeout(() => run(attempt + 1), Math.min(30000, 1000 * 2 ** attempt));
  };
  run(0);
}

async function route() {
  if (leave) { leave(); leave = null; }
  const hash = location.hash || '#/';
  const nav = document.getElementById('nav');
  nav.hidden = !auth.signedIn();
  if (!auth.signedIn()) { notify(''); await signin(go); return; }
  notifications();
  for (const a of nav.querySelectorAll('a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let m;
  if ((m = /^#\/s\/(.+)$/.exec(hash))) leave = await interview(go, decodeURIComponent(m[1]));
  else if ((m = /^#\/r\/(.+)$/.exec(hash))) await record(go, decodeURIComponent(m[1]));
  else if (hash === '#/history') await history();
  else if (hash === '#/insights') await insights();
  else await start(go);
}

document.getElementById('signout').addEventListener('click', () => {
  auth.clear();
  if (watching) { watching.abort(); watching = null; document.getElementById('notifications')?.remove(); }
  go('#/');
});
window.addEventListener('hashchange', route);
route();
