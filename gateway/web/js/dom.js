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

// An amount in its currency ("€40,000"), or the bare amount when the currency is not known.
export function money(amount, currency) {
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  if (/^[A-Z]{3}$/.test(currency || '')) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: n % 1 ? 2 : 0 }).format(n);
    } catch { /* a code Intl does not know: shown as code and amount below */ }
    return `${currency} ${n.toLocaleString()}`;
  }
  return n.toLocaleString();
}

// The other members of an item after its lead one: "Priya Raman (VP Operations, Northwind)".
const withRest = (lead, rest) => {
  const more = rest.filter((x) => x !== null && x !== undefined && x !== '').map(show);
  return more.length ? `${show(lead)} (${more.join(', ')})` : show(lead);
};

// A field value as text, by its shape: money as an amount in its currency, a span as
// "start – end", a person, a step or a metric by its lead member with the rest in
// parentheses, lists joined; any other object as key: value.
export function show(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(show).join('; ');
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (typeof v.amount === 'number' && keys.every((k) => k === 'amount' || k === 'currency')) return money(v.amount, v.currency);
    if (keys.length && keys.every((k) => k === 'start' || k === 'end')) return `${show(v.start) || '?'} – ${show(v.end) || '?'}`;
    if ('name' in v) return withRest(v.name, [v.role, v.company]);
    if ('action' in v) return withRest(v.action, [v.owner, v.due]);
    if ('metric' in v) return v.value ? `${show(v.metric)}: ${show(v.value)}` : show(v.metric);
    return Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ');
  }
  return String(v);
}

// A money correction as typed ("120k", "EUR 250,000", "£1.2m", "90 000 CHF") as the field's
// shape, the currency kept from the value it corrects when none is typed; null when it is no amount.
export function parseMoney(text, currency) {
  const SYMBOLS = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
  const m = /^\s*([$€£¥₹]|[A-Za-z]{3})?\s*(\d[\d,. ]*)\s*(k|m|bn|thousand|million|billion)?\s*([A-Za-z]{3}|[$€£¥₹])?\s*$/i.exec(text);
  if (!m) return null;
  let digits = m[2].replace(/[ ,]/g, '');
  if ((digits.match(/\./g) || []).length > 1) digits = digits.replace(/\./g, '');
  let amount = Number(digits);
  if (!Number.isFinite(amount)) return null;
  const scale = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9 }[(m[3] || '').toLowerCase()];
  if (scale) amount = Math.round(amount * scale * 100) / 100;
  const sym = (x) => x && (SYMBOLS[x] || x.toUpperCase());
  const code = sym(m[1]) || sym(m[4]) || currency || '';
  return code ? { amount, currency: code } : { amount };
}

export const label = (key) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
// A template field as people read it: its label (the server fills one in), else its key as words.
export const fieldLabel = (f) => f.label || label(f.key);

// An object-list correction as typed, in the form show() writes it: items split on ";" or new
// lines, each "lead (second, third)" over the field's item keys in order, or "metric: value"
// when the second key is value; an item without either is its lead member alone.
export function parseItems(text, itemKeys) {
  const [lead, ...rest] = itemKeys && itemKeys.length ? itemKeys : ['name'];
  return text.split(/[;\n]/).map((x) => x.trim()).filter(Boolean).map((item) => {
    const out = {};
    const paren = /^(.*?)\s*\(([^()]*)\)$/.exec(item);
    const colon = rest[0] === 'value' && /^(.*?):\s+(.+)$/.exec(item);
    if (paren && paren[1]) {
      out[lead] = paren[1];
      paren[2].split(',').map((x) => x.trim()).forEach((x, i) => { if (x && rest[i]) out[rest[i]] = x; });
    } else if (colon) {
      out[lead] = colon[1];
      out.value = colon[2];
    } else {
      out[lead] = item;
    }
    return out;
  });
}
