// api.js - the gateway's REST API: the token, calls, and errors in words.
const TOKEN_KEY = 'debrief.token';
const DEV_KEY = 'debrief.dev';

// The token lives in sessionStorage only: never in a URL, gone with the tab.
export const auth = {
  token: () => sessionStorage.getItem(TOKEN_KEY) || '',
  dev: () => sessionStorage.getItem(DEV_KEY) === '1',
  signedIn: () => !!sessionStorage.getItem(TOKEN_KEY) || sessionStorage.getItem(DEV_KEY) === '1',
  setToken(t) { sessionStorage.setItem(TOKEN_KEY, t); sessionStorage.removeItem(DEV_KEY); },
  setDev() { sessionStorage.setItem(DEV_KEY, '1'); sessionStorage.removeItem(TOKEN_KEY); },
  clear() { sessionStorage.removeItem(TOKEN_KEY); sessionStorage.removeItem(DEV_KEY); },
  // The claims of the token, for display and role checks; the server is what checks them.
  claims() {
    const t = this.token();
    try { return JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))); }
    catch { return this.dev() ? { sub: 'dev', role: 'admin' } : {}; }
  },
};

const ADVICE = {
  400: 'The request was refused',
  401: 'You are not signed in, or your sign-in has expired. Sign out and sign in again',
  403: 'Your role does not allow this. Ask a manager or an admin',
  404: 'It was not found, or it is not yours',
  409: 'It changed meanwhile. Reload and try again',
  429: 'Too much at once. Wait a few seconds and try again',
  500: 'The server failed. Try again; if it keeps failing, tell whoever runs debrief',
  503: 'The server cannot be reached right now. Try again in a moment',
  504: 'The server took too long. Try again',
};

export class ApiError extends Error {
  constructor(http, code, detail) {
    const advice = ADVICE[http] || (http ? `The gateway answered ${http}` : 'The network is down or the gateway is not running. Check your connection and try again');
    super(detail ? `${advice}: ${detail}` : `${advice}.`);
    this.http = http;
    this.code = code;
  }
}

function headers(extra) {
  const h = { ...extra };
  const t = auth.token();
  if (t) h.authorization = 'Bearer ' + t;
  return h;
}

export async function call(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 14, '');
  }
  const text = await res.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { /* not JSON: keep the status */ }
  if (!res.ok) throw new ApiError(res.status, json.code, json.message || '');
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);

// Server-Sent Events with the token in a header (EventSource cannot send one).
export async function watch(path, onEvent, signal) {
  const res = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!res.ok) throw new ApiError(res.status, 0, '');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev = /^event: (.*)$/m.exec(block);
      const data = /^data: (.*)$/m.exec(block);
      if (ev && data) onEvent(ev[1], JSON.parse(data[1]));
    }
  }
}

export function newId() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}
