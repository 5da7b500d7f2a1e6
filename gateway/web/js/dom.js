// dom.js - building elements without innerHTML, so no text is ever markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children);
  main.focus({ preventScroll: true });
  return main;
}

// A message the person can act on, shown in the alert region at the top.
export function notify(message, kind = 'error') {
  const n = document.getElementById('notice');
  n.className = 'notice ' + kind;
  n.textContent = message;
  n.hidden = !message;
}

export function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + Math.random().toString(36).slice(2, 9));
  const hintEl = hint ? h('span', { class: 'hint', id: id + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

// A field value as text: strings as they are, lists joined, objects as key: value.
export function show(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join('; ');
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ');
  return String(v);
}

export const label = (key) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
