// Small DOM helpers. Everything that comes from the API goes in as text, never as HTML;
// the one exception, the search snippet, goes through safeSnippet(), which keeps <mark> only.

// el('a', {href: '#x', class: 'link', onclick: fn}, 'text', childNode, ...)
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

// The server sends snippets HTML-escaped with <mark> around matches. Parse them in an inert
// <template> (nothing runs or loads there) and rebuild only text and <mark>, so even a
// server bug cannot put markup of any other kind on the page.
export function safeSnippet(html) {
  const template = document.createElement('template');
  template.innerHTML = String(html ?? '');
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) out.append(node.textContent);
    else if (node.nodeName === 'MARK') out.append(el('mark', {}, node.textContent));
    else out.append(node.textContent ?? '');
  }
  return out;
}

// Only http(s) links are shown as links: a javascript: URL from the data must not run.
export function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const KIND_NAMES = {
  lesson: 'Lesson', good_practice: 'Good practice', insight: 'Insight', answer: 'Answer',
};
export function kindName(kind) {
  return KIND_NAMES[kind] ?? String(kind ?? '');
}

const ORG_NAMES = { client: 'Brightline (client)', partner: 'Helix (partner)' };
export function orgName(org) {
  return ORG_NAMES[org] ?? String(org ?? '');
}

export function orgBadge(org) {
  const safe = /^[a-z0-9_-]+$/i.test(org ?? '') ? org : 'other';
  return el('span', { class: `badge org org-${safe}` }, orgName(org));
}

export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

// "Tue 24 Nov, 14:30" in the reader's time zone, for due times and events.
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return String(iso ?? '');
  return date.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}
