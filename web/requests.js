// Knowledge requests on the page: the worker's own requests (and those they follow), an expert's
// queue, and one request with its answers and history. Each action is the API's own
// (POST /api/requests/{id}/claim, ask, details, answers, accept, reopen); the page shows the
// request the server sends back, so it never guesses a state.
import { api, describeError } from './api.js';
import { el, clear, append, orgBadge, formatDateTime } from './dom.js';
import { currentUser } from './auth.js';
import { itemHash } from './state.js';

const STATUS_NAMES = {
  unrouted: 'Waiting for routing', routed: 'Waiting for an expert', claimed: 'An expert is on it',
  needs_info: 'The expert needs details', answered: 'Answered: your verdict?', resolved: 'Resolved',
};

export function requestsHash(tab) {
  return `#requests=${['queue', 'unrouted'].includes(tab) ? tab : 'mine'}`;
}

export function requestHash(id) {
  return `#request=${encodeURIComponent(id)}`;
}

function isExpert(user) {
  return (user?.roles ?? []).includes('expert');
}

function isLead(user) {
  return (user?.roles ?? []).includes('km_lead');
}

function statusBadge(r) {
  const flags = [];
  if (r.overdue) flags.push(el('span', { class: 'badge overdue' }, 'overdue'));
  else if (r.at_risk) flags.push(el('span', { class: 'badge overdue' }, 'at risk'));
  return [el('span', { class: `badge request-status status-${r.status}` }, STATUS_NAMES[r.status] ?? r.status), ...flags];
}

// The lists: "mine" (asked or followed), "queue" (open requests of an expert's communities),
// "unrouted" (requests no routing rule covers, for km_leads to route by hand).
const LISTS = {
  mine: { title: 'My requests', tab: 'Asked by me', params: {}, may: () => true,
    empty: 'You have not asked anything yet. When search does not answer, use "Ask the community".' },
  queue: { title: 'My queue', tab: 'My queue', params: { queue: 'mine' }, may: isExpert,
    empty: 'Nothing waits for your communities.' },
  unrouted: { title: 'To route', tab: 'To route', params: { status: 'unrouted' }, may: isLead,
    empty: 'Every request has found its community.' },
};

export async function renderRequestList(view, tab) {
  const user = currentUser();
  const current = LISTS[tab]?.may(user) ? tab : 'mine';
  const tabs = el('nav', { class: 'request-tabs', 'aria-label': 'Request lists' },
    Object.entries(LISTS).filter(([, l]) => l.may(user)).map(([name, l]) =>
      el('a', { href: requestsHash(name), 'aria-current': name === current ? 'page' : null }, l.tab)));
  const heading = el('h2', { id: 'requests-title', tabindex: '-1' }, LISTS[current].title);
  const list = el('ul', { class: 'request-list', id: 'request-list', 'aria-busy': 'true' });
  clear(view).append(heading, tabs, list);
  try {
    const { requests } = await api('/api/requests', { params: LISTS[current].params });
    list.removeAttribute('aria-busy');
    if (!requests.length) {
      list.append(el('li', { class: 'empty' }, LISTS[current].empty));
      return;
    }
    for (const r of requests) {
      list.append(el('li', { class: 'request-row' },
        el('a', { href: requestHash(r.id) }, `#${r.id} ${r.question}`), ' ', ...statusBadge(r),
        el('span', { class: 'muted' }, r.community ? ` ${r.community}${dueText(r, ' · ')}` : '')));
    }
  } catch (err) {
    list.removeAttribute('aria-busy');
    list.append(el('li', { class: 'error', role: 'alert' }, describeError(err)));
  }
}

// One request: the question, its answers and events, and what this user may do next.
export async function renderRequest(view, id) {
  clear(view).append(el('p', { class: 'muted' }, 'Loading…'));
  let r;
  try {
    r = await api(`/api/requests/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(view).append(el('p', { class: 'error', role: 'alert' }, describeError(err)),
      el('p', {}, el('a', { href: requestsHash('mine') }, 'Back to my requests')));
    return;
  }
  show(view, r);
}

function show(view, r) {
  const user = currentUser();
  const error = el('p', { class: 'error', id: 'request-error', role: 'alert' });
  // Runs one action; the server's answer is the request as it now is.
  const act = async (verb, body) => {
    error.textContent = '';
    try {
      show(view, await api(`/api/requests/${r.id}/${verb}`, { method: 'POST', body }));
      view.querySelector('#request-title')?.focus();
    } catch (err) {
      error.textContent = describeError(err);
    }
  };

  const answers = el('ol', { class: 'answers', id: 'request-answers' });
  for (const a of r.answers ?? []) {
    answers.append(el('li', { class: 'answer' },
      el('p', { class: 'answer-text' }, a.text),
      (a.items ?? []).length ? el('p', {}, 'See: ', ...a.items.map((id) => el('a', { href: itemHash(id) }, id))) : null,
      el('p', { class: 'muted' }, a.author, ' ', orgBadge(a.org), ` · ${formatDateTime(a.at)}`)));
  }
  const events = el('ol', { class: 'events' });
  for (const e of r.events ?? []) {
    events.append(el('li', {}, `${formatDateTime(e.at)} — ${e.actor}: ${e.event}${e.detail ? ` (${e.detail})` : ''}`));
  }

  // dom.js append: the DOM's own would write the nulls below as the text "null".
  append(clear(view), [
    el('p', {}, el('a', { href: requestsHash('mine') }, '‹ My requests')),
    el('h2', { id: 'request-title', tabindex: '-1' }, `#${r.id} ${r.question}`),
    el('p', { class: 'request-meta' }, ...statusBadge(r), ' ',
      r.community ? `Community: ${r.community}${dueText(r, ' · ')}` : 'No community yet',
      r.resolution ? ` · ${r.resolution}` : ''),
    r.details ? el('p', { class: 'request-details' }, r.details) : null,
    r.answer_item ? el('p', {}, 'Now searchable knowledge: ', el('a', { href: itemHash(r.answer_item), id: 'answer-item' }, r.answer_item)) : null,
    el('h3', {}, 'Answers'),
    (r.answers ?? []).length ? answers : el('p', { class: 'muted' }, 'No answer yet.'),
    actions(r, user, act),
    error,
    el('details', {}, el('summary', {}, 'History'), events)]);
}

// "due Tue 24 Nov, 14:30", or nothing once the request is resolved: no action is left on it
// and no answer is due any more.
function dueText(r, before) {
  if (!r.next_actions?.length || !r.due_at) return '';
  return `${before}due ${formatDateTime(r.due_at)}`;
}

// What this user may do now: the actions the request's state allows (its `next_actions`, from
// the server's transition table) that this user's role may take (README "Knowledge requests");
// the server enforces them all the same.
function actions(r, user, act) {
  const box = el('div', { class: 'request-actions' });
  const can = (action) => (r.next_actions ?? []).includes(action);
  const mine = user?.id === r.requester;
  const expertHere = isExpert(user) && (user?.communities ?? []).includes(r.community);
  // A form with one text box (and any `extra` fields before its button) that runs `verb`.
  const form = (label, id, submit, verb, extra = [], body = () => ({})) => {
    const text = el('textarea', { id, rows: '3' });
    const f = el('form', { class: 'request-form' }, el('label', { for: id }, label), text, ...extra,
      el('button', { type: 'submit' }, submit));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      act(verb, { text: text.value.trim(), ...body() });
    });
    return f;
  };

  if (mine && can('accept')) {
    const rating = el('select', { id: 'accept-rating', 'aria-label': 'Rating' },
      ...[5, 4, 3, 2, 1].map((n) => el('option', { value: String(n) }, `${n} of 5`)));
    const accept = el('button', { type: 'button', onclick: () => act('accept', { rating: Number(rating.value) }) }, 'Accept the answer');
    box.append(el('h3', {}, 'Your verdict'), el('p', {}, rating, ' ', accept),
      form('Not answered yet? Say what is missing', 'reopen-text', 'Reopen', 'reopen'));
  }
  // The API takes details whenever the table allows them; the page asks for them only when the
  // expert did (the state that waits for the requester), so a worker who waits has nothing to do.
  if (mine && can('details') && r.waits_for_details) {
    box.append(form('The expert asked for details', 'details-text', 'Send the details', 'details'));
  }
  if (isLead(user) && can('route')) box.append(routeForm(r, act));
  if (expertHere && can('claim')) {
    box.append(el('button', { type: 'button', onclick: () => act('claim', {}) }, 'Claim it'));
  }
  if (expertHere && can('answers')) {
    const visibility = el('select', { id: 'answer-visibility' },
      el('option', { value: 'shared' }, 'both organisations'),
      el('option', { value: 'community' }, 'the community'),
      el('option', { value: 'org' }, 'my organisation'));
    const linked = el('input', { id: 'answer-items', type: 'text', placeholder: 'e.g. cl-023, pa-032' });
    box.append(form('Your answer', 'answer-text', 'Send the answer', 'answers',
      [el('label', { for: 'answer-items' }, 'Items that answer it too (ids, optional)'), linked,
        el('label', { for: 'answer-visibility' }, 'Once accepted, searchable by'), visibility],
      () => ({ visibility: visibility.value, items: linked.value.split(/[\s,]+/).filter(Boolean) })));
    if (can('ask')) box.append(form('Or ask the requester for details', 'ask-text', 'Ask', 'ask'));
  }
  return box.childNodes.length ? box : null;
}

// A km_lead sends the request to a community that has an expert (GET /api/communities).
function routeForm(r, act) {
  // No community is chosen for the lead: one click must not route the request somewhere by default.
  const select = el('select', { id: 'route-community', required: true },
    el('option', { value: '', selected: true, disabled: true }, 'Choose a community…'));
  const form = el('form', { class: 'request-form' },
    el('label', { for: 'route-community' }, r.community ? 'Route elsewhere' : 'Route to the community'),
    select, ' ', el('button', { type: 'submit' }, 'Route'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (select.value) act('route', { community: select.value });
  });
  api('/api/communities').then(({ communities }) => {
    for (const c of communities) {
      if (c.experts > 0 && c.id !== r.community) {
        select.append(el('option', { value: c.id }, `${c.id} (${c.experts} expert${c.experts === 1 ? '' : 's'})`));
      }
    }
  }).catch(() => select.append(el('option', { value: '' }, 'communities unavailable')));
  return form;
}
