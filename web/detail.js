// One item (GET /api/items/{id}): the recommendation first, then the story behind it, then
// the metadata; a "did this help?" vote; similar items (GET /api/items/{id}/similar).
import { api, describeError } from './api.js';
import { el, clear, byId, kindName, orgBadge, orgName, formatDate, safeUrl } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { itemHash, searchHash, emptyState } from './state.js';
import { labelFor, loadLabels } from './labels.js';

const SECTION_ORDER = [
  ['recommendation', 'Recommendation'], ['lesson', 'The lesson'], ['observation', 'What happened'],
];

// ctx: {backHash, query, onAsk(query)}
export async function renderItem(id, sid, ctx) {
  const view = clear(byId('item-view'));
  view.append(backLink(ctx.backHash), el('p', { class: 'status' }, 'Loading…'));
  let item;
  try {
    item = await api(`/api/items/${encodeURIComponent(id)}`, { params: { search_id: sid } });
  } catch (err) {
    clear(view).append(backLink(ctx.backHash),
      el('p', { class: 'message error', role: 'alert' }, describeError(err)));
    return;
  }
  await loadLabels(item.concepts ?? []);
  const similar = el('section', { class: 'similar', 'aria-labelledby': 'similar-title' },
    el('h3', { id: 'similar-title' }, 'Similar items'), el('p', { class: 'status' }, 'Looking…'));
  const title = el('h2', { tabindex: '-1', id: 'item-title' }, item.title || item.id);
  clear(view).append(backLink(ctx.backHash),
    el('article', { class: 'item', 'aria-labelledby': 'item-title' },
      title,
      el('p', { class: 'meta' }, orgBadge(item.org), el('span', { class: 'kind' }, kindName(item.kind)),
        item.community ? el('span', { class: 'community' }, `${item.community} community`) : null,
        item.status !== 'validated' ? el('span', { class: `badge status-${item.status}` }, item.status) : null),
      content(item),
      feedback(item, ctx),
      metadata(item)),
    similar);
  title.focus();
  loadSimilar(id, similar);
}

function backLink(hash) {
  return el('p', { class: 'back' }, el('a', { href: hash || '#' }, '‹ Back to results'));
}

function content(item) {
  const sections = item.sections ?? {};
  const parts = [];
  const known = new Set(SECTION_ORDER.map(([key]) => key));
  const hasSections = SECTION_ORDER.some(([key]) => sections[key]);
  // An accepted answer's body starts with its summary (the answer) again: say it once.
  let body = item.body ?? '';
  const summary = (item.summary ?? '').trim();
  const repeats = summary && body.trimStart().startsWith(summary);
  const rest = repeats ? body.trimStart().slice(summary.length) : '';
  if (repeats && (rest === '' || /^\s/.test(rest))) body = rest.trim();
  if (!sections.recommendation && summary && !(repeats && body === item.body)) {
    parts.push(el('section', { class: 'recommendation' }, el('h3', {}, 'In short'), el('p', {}, summary)));
  }
  for (const [key, heading] of SECTION_ORDER) {
    if (!sections[key]) continue;
    parts.push(el('section', { class: key === 'recommendation' ? 'recommendation' : 'story' },
      el('h3', {}, heading), renderMarkdown(sections[key])));
  }
  for (const [key, text] of Object.entries(sections)) {
    if (known.has(key) || !text) continue;
    parts.push(el('section', { class: 'story' }, el('h3', {}, key.replace(/_/g, ' ')), renderMarkdown(text)));
  }
  if (body) {
    parts.push(el('section', { class: 'body' },
      hasSections ? el('h3', {}, 'More') : null, renderMarkdown(body)));
  }
  return el('div', { class: 'content' }, parts);
}

function feedback(item, ctx) {
  const box = el('section', { class: 'feedback', 'aria-labelledby': 'feedback-title' });
  const result = el('p', { class: 'feedback-result', 'aria-live': 'polite' }, tally(item.votes));
  const vote = async (helpful) => {
    result.textContent = 'Saving…';
    try {
      const answer = await api('/api/feedback', {
        method: 'POST', body: { item_id: item.id, helpful, ...(ctx.query ? { query: ctx.query } : {}) },
      });
      result.textContent = `Thank you. ${tally(answer.votes)}`;
      if (!helpful) {
        result.append(' ', el('button', { type: 'button', class: 'link-button', onclick: () => ctx.onAsk(ctx.query) },
          'Ask the community instead'));
      }
    } catch (err) {
      result.textContent = describeError(err);
    }
  };
  box.append(el('h3', { id: 'feedback-title' }, 'Did this help?'),
    el('div', { class: 'vote' },
      el('button', { type: 'button', onclick: () => vote(true) }, 'Yes, it helped'),
      el('button', { type: 'button', onclick: () => vote(false) }, 'No')),
    result);
  return box;
}

function tally(votes) {
  if (!votes) return '';
  const yes = votes.helpful ?? 0;
  const no = votes.not_helpful ?? 0;
  if (yes + no === 0) return 'No votes yet.';
  return `${yes} found it helpful, ${no} did not.`;
}

function metadata(item) {
  const rows = [];
  const row = (term, ...value) => rows.push(el('dt', {}, term), el('dd', {}, ...value));
  row('Organisation', orgName(item.org));
  if (item.community) row('Community', item.community);
  row('Kind', kindName(item.kind));
  row('Status', item.status ?? '');
  row('Visible to', visibilityName(item));
  if (item.author) row('Author', item.author);
  if (item.created) row('Created', dateNode(item.created));
  if (item.updated) row('Updated', dateNode(item.updated));
  if (item.review_by) {
    const overdue = item.review_by < new Date().toISOString().slice(0, 10);
    row('Review by', dateNode(item.review_by), overdue ? el('span', { class: 'badge overdue' }, 'overdue') : null);
  }
  if (item.concepts?.length) {
    row('Topics', el('ul', { class: 'concepts' }, item.concepts.map((id) => el('li', {},
      el('a', { class: 'concept', href: conceptSearch(id), title: id }, labelFor(id))))));
  }
  const source = safeUrl(item.source_url);
  if (item.source_url) row('Source', source ? el('a', { href: source, rel: 'noopener' }, item.source_url) : item.source_url);
  row('Item id', el('code', {}, item.id));
  return el('section', { class: 'metadata', 'aria-labelledby': 'meta-title' },
    el('h3', { id: 'meta-title' }, 'About this item'), el('dl', {}, rows));
}

function visibilityName(item) {
  if (item.visibility === 'shared') return 'everyone in both organisations';
  if (item.visibility === 'community') return `members of the ${item.community} community`;
  if (item.visibility === 'org') return `${orgName(item.org)} only`;
  return item.visibility ?? '';
}

function dateNode(iso) {
  return el('time', { datetime: iso }, formatDate(iso));
}

function conceptSearch(id) {
  const state = emptyState();
  state.filters.concept = [id];
  return searchHash(state);
}

async function loadSimilar(id, section) {
  const status = section.querySelector('.status');
  try {
    const data = await api(`/api/items/${encodeURIComponent(id)}/similar`, { params: { limit: 5 } });
    const results = data?.results ?? [];
    if (results.length === 0) {
      status.textContent = 'No similar items.';
      return;
    }
    status.replaceWith(el('ul', { class: 'similar-list' }, results.map((r) => el('li', {},
      el('a', { href: itemHash(r.id) }, r.title || r.id),
      el('p', { class: 'meta' }, orgBadge(r.org), el('span', { class: 'kind' }, kindName(r.kind)),
        r.updated ? el('span', { class: 'date' }, formatDate(r.updated)) : null),
      r.summary ? el('p', { class: 'summary' }, r.summary) : null))));
  } catch (err) {
    status.textContent = describeError(err);
  }
}
