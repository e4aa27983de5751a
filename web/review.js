// Two km_lead lists: requests the service-level check flags (GET /api/requests?status=at_risk
// and ?overdue=1), and the review queue (GET /api/items?review=due: items past their review-by
// date, or failed in a quality sample and unchanged since).
import { api, describeError } from './api.js';
import { el, clear, orgBadge, formatDate, formatDateTime, kindName } from './dom.js';
import { itemHash } from './state.js';

const ESCALATION = ['none', 'at risk', 'overdue: the community\'s leads told', 'escalated to the km_lead'];

export async function renderRisk(body) {
  body.append(el('h3', { class: 'report-heading' }, 'Requests at risk and overdue'),
    el('p', { class: 'muted' }, 'Open requests past 75% of their working time (at risk) or past their due time (overdue), most urgent first.'));
  const lists = [
    ['overdue', 'Overdue', { overdue: '1' }, 'No request is overdue.'],
    ['at-risk', 'At risk', { status: 'at_risk' }, 'No request is at risk.'],
  ];
  await Promise.all(lists.map(async ([id, title, params, empty]) => {
    const section = el('section', { class: 'report-section', id: `risk-${id}`, 'aria-labelledby': `risk-${id}-title`, 'aria-busy': 'true' },
      el('h4', { id: `risk-${id}-title` }, title));
    body.append(section);
    try {
      const { requests } = await api('/api/requests', { params });
      section.append(requests.length ? requestTable(requests) : el('p', { class: 'muted empty' }, empty));
    } catch (err) {
      section.append(el('p', { class: 'error', role: 'alert' }, describeError(err)));
    } finally {
      section.removeAttribute('aria-busy');
    }
  }));
}

function requestTable(requests) {
  return el('table', { class: 'list-table' },
    el('thead', {}, el('tr', {}, ['Request', 'Asked by', 'Community', 'Priority', 'Due', 'Escalation'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, requests.map((r) => el('tr', { 'data-id': r.id },
      el('td', {}, el('a', { href: `#request=${r.id}` }, `#${r.id} ${r.question}`)),
      el('td', {}, orgBadge(r.org)),
      el('td', {}, r.community || 'not routed'),
      el('td', {}, r.priority),
      el('td', {}, formatDateTime(r.due_at)),
      el('td', {}, ESCALATION[r.escalation] ?? String(r.escalation))))));
}

export async function renderReviewQueue(body) {
  const today = new Date().toISOString().slice(0, 10);
  const section = el('section', { class: 'report-section', id: 'review-queue', 'aria-busy': 'true' });
  body.append(el('h3', { class: 'report-heading' }, 'Review queue'),
    el('p', { class: 'muted' }, 'Your organisation\'s items past their review-by date, and items that failed a quality sample and have not changed since. Open one to revalidate, update or retire it.'),
    section);
  try {
    const { items } = await api('/api/items', { params: { review: 'due' } });
    section.append(el('p', { class: 'status', id: 'review-count' }, `${items.length} item${items.length === 1 ? '' : 's'} to review.`),
      items.length ? el('table', { class: 'list-table' },
        el('thead', {}, el('tr', {}, ['Item', 'Kind', 'Community', 'Author', 'Review by', 'Why'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, items.map((item) => el('tr', { 'data-id': item.id },
          el('td', {}, el('a', { href: itemHash(item.id) }, item.title || item.id)),
          el('td', {}, kindName(item.kind)),
          el('td', {}, item.community || '–'),
          el('td', {}, item.author || '–'),
          el('td', {}, item.review_by ? formatDate(item.review_by.slice(0, 10)) : '–'),
          el('td', {}, item.review_by && item.review_by.slice(0, 10) < today ? 'past its review-by date' : 'failed a quality sample')))))
        : el('p', { class: 'muted empty' }, 'Nothing to review: every item is fresh.'));
  } catch (err) {
    section.append(el('p', { class: 'error', role: 'alert' }, describeError(err)));
  } finally {
    section.removeAttribute('aria-busy');
  }
}
