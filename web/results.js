// The search answer: total, "did you mean", the expansions used, the result list with why
// each one matched, and the pager.
import { el, clear, byId, safeSnippet, kindName, orgBadge, formatDate } from './dom.js';
import { searchHash, itemHash, withChanges } from './state.js';

// onConcept(id) filters by a concept chip of a result.
export function renderResults(data, state, { onConcept }) {
  renderStatus(data, state);
  renderDidYouMean(data, state);
  renderExpansions(data.expansions ?? []);
  const list = clear(byId('results'));
  for (const result of data.results ?? []) list.append(resultCard(result, data.search_id, onConcept));
  renderPager(data, state);
}

function renderStatus(data, state) {
  const total = data.total ?? 0;
  // Past the server's counting bound the total is a lower bound: "10,000+ results".
  const shown = `${total.toLocaleString('en-GB')}${data.total_exact === false ? '+' : ''}`;
  const noun = total === 1 ? 'result' : 'results';
  const status = clear(byId('status'));
  if (state.q) status.append(`${shown} ${noun} for `, el('q', {}, state.q));
  else status.append(`${shown} items, newest first`);
}

function renderDidYouMean(data, state) {
  const box = clear(byId('did-you-mean'));
  box.hidden = !data.did_you_mean;
  if (!data.did_you_mean) return;
  const href = searchHash(withChanges(state, { q: data.did_you_mean, page: 1 }));
  box.append('Did you mean ', el('a', { href }, el('strong', {}, data.did_you_mean)), '?');
}

// "Also searched: for “case”: ticket, support ticket … · for “escalation”: referral …"
function renderExpansions(expansions) {
  const box = clear(byId('expansions'));
  const byWord = new Map();
  for (const e of expansions) {
    const label = String(e.label ?? '');
    if (!label || label.toLowerCase() === String(e.matched).toLowerCase()) continue;
    if (!byWord.has(e.matched)) byWord.set(e.matched, new Map());
    const labels = byWord.get(e.matched);
    if (!labels.has(label.toLowerCase())) labels.set(label.toLowerCase(), e);
  }
  box.hidden = byWord.size === 0;
  if (box.hidden) return;
  box.append(el('span', { class: 'expansions-label' }, 'Also searched: '));
  let first = true;
  for (const [word, labels] of byWord) {
    if (!first) box.append(el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    first = false;
    box.append('for ', el('q', {}, word), ': ');
    [...labels.values()].forEach((e, i) => {
      if (i > 0) box.append(', ');
      box.append(el('span', {
        class: 'expansion', title: `${e.owner} concept ${e.concept} (${e.relation})`,
      }, e.label));
    });
  }
}

function resultCard(result, searchId, onConcept) {
  const concepts = (result.concepts ?? []).map((c) => el('li', {},
    el('button', {
      type: 'button', class: 'concept', title: `Filter by ${c.label ?? c.id}`,
      onclick: () => onConcept(c.id),
    }, c.label || c.id)));
  const why = (result.why ?? []).length
    ? el('div', { class: 'why' }, el('span', { class: 'why-label' }, 'Matched across vocabularies: '),
      el('ul', {}, result.why.map((reason) => el('li', {}, reason))))
    : null;
  return el('li', { class: 'result' },
    el('article', { 'aria-labelledby': `title-${result.id}` },
      el('h3', { id: `title-${result.id}` },
        el('a', { href: itemHash(result.id, searchId) }, result.title || result.id)),
      el('p', { class: 'meta' },
        orgBadge(result.org),
        el('span', { class: `kind kind-${result.kind}` }, kindName(result.kind)),
        result.community ? el('span', { class: 'community' }, `${result.community} community`) : null,
        result.status && result.status !== 'validated'
          ? el('span', { class: `badge status-${result.status}` }, result.status) : null,
        result.updated ? el('span', { class: 'date' }, 'Updated ',
          el('time', { datetime: result.updated }, formatDate(result.updated))) : null),
      result.snippet
        ? el('p', { class: 'snippet' }, withoutRepeatedLead(safeSnippet(result.snippet), result.summary))
        : el('p', { class: 'snippet' }, result.summary ?? ''),
      why,
      concepts.length ? el('ul', { class: 'concepts', 'aria-label': 'Topics' }, concepts) : null));
}

// The snippet runs over the summary and then the body; an accepted answer's body starts with its
// summary again ("Book a line test. Book a line test. Question: …"). Drop the second copy.
function withoutRepeatedLead(fragment, summary) {
  const lead = (summary ?? '').trim();
  const text = fragment.textContent;
  if (!lead || !text.startsWith(lead)) return fragment;
  const again = text.indexOf(lead, lead.length);
  if (again < 0 || text.slice(lead.length, again).trim() !== '') return fragment;
  let offset = 0;   // the characters of `text` before the node at hand
  for (const node of [...fragment.childNodes]) {
    const length = node.textContent.length;
    const from = Math.max(lead.length, offset) - offset;
    const to = Math.min(again + lead.length, offset + length) - offset;
    if (from < to) {
      const kept = node.textContent.slice(0, from) + node.textContent.slice(to);
      if (kept) node.textContent = kept;
      else node.remove();
    }
    offset += length;
  }
  return fragment;
}

function renderPager(data, state) {
  const nav = clear(byId('pager'));
  const perPage = data.per_page || 10;
  const pages = Math.min(1000, Math.ceil((data.total ?? 0) / perPage));
  if (pages <= 1) return;
  const page = data.page ?? state.page;
  const link = (n, text, label) => el('a', {
    href: searchHash(withChanges(state, { page: n })),
    'aria-label': label ?? `Page ${n}`, 'aria-current': n === page ? 'page' : null,
  }, text ?? String(n));
  const items = [];
  if (page > 1) items.push(link(page - 1, '‹ Previous', 'Previous page'));
  let last = 0;
  for (const n of pageWindow(page, pages)) {
    if (n - last > 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    items.push(link(n));
    last = n;
  }
  if (page < pages) items.push(link(page + 1, 'Next ›', 'Next page'));
  nav.append(el('ul', {}, items.map((item) => el('li', {}, item))));
}

function pageWindow(page, pages) {
  const set = new Set([1, pages]);
  for (let n = page - 2; n <= page + 2; n += 1) if (n >= 1 && n <= pages) set.add(n);
  return [...set].sort((a, b) => a - b);
}

export function clearResults() {
  for (const id of ['status', 'results', 'pager', 'expansions', 'did-you-mean']) clear(byId(id));
  byId('expansions').hidden = true;
  byId('did-you-mean').hidden = true;
}
