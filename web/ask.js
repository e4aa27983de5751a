// "Ask the community": turns a search that did not answer into a knowledge request
// (POST /api/requests). The server classifies the question, routes it to the community that owns
// its topic with a due time, and offers at once the items that may already answer it and any
// similar open request to follow.
import { el, clear, byId, orgName, formatDateTime } from './dom.js';
import { api, describeError } from './api.js';
import { labelFor } from './labels.js';

const MAX_QUESTION = 1000;  // the server's limit

// state: the search state the question comes from (its words and filters give context).
export function showAsk(question, state) {
  const panel = clear(byId('ask'));
  const text = el('textarea', { id: 'ask-question', rows: '3', maxlength: String(MAX_QUESTION), required: true });
  text.value = question ?? '';
  const details = el('textarea', { id: 'ask-details', rows: '3' });
  details.value = context(state);
  const priority = el('select', { id: 'ask-priority' },
    el('option', { value: 'normal' }, 'Normal (2 working days)'),
    el('option', { value: 'high' }, 'High (4 working hours)'),
    el('option', { value: 'low' }, 'Low'));
  const error = el('p', { class: 'error', id: 'ask-error', role: 'alert' });
  const send = el('button', { type: 'submit' }, 'Send the request');
  const outcome = el('div', { id: 'ask-outcome', 'aria-live': 'polite' });

  const form = el('form', { class: 'ask-form', novalidate: true },
    el('label', { for: 'ask-question' }, 'Your question'), text,
    el('label', { for: 'ask-details' }, 'Details (optional: what you tried, the customer\'s situation)'), details,
    el('label', { for: 'ask-priority' }, 'Priority'), priority,
    el('p', { class: 'ask-actions' }, send), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!text.value.trim()) {
      error.textContent = 'Write your question first.';
      text.focus();
      return;
    }
    send.disabled = true;
    send.textContent = 'Sending…';
    try {
      const created = await api('/api/requests', {
        method: 'POST',
        body: { question: text.value.trim(), details: details.value.trim(), priority: priority.value },
      });
      form.hidden = true;
      renderOutcome(outcome, created);
    } catch (err) {
      error.textContent = describeError(err);
      send.disabled = false;
      send.textContent = 'Send the request';
    }
  });

  panel.append(
    el('div', { class: 'ask-head' },
      el('h2', { id: 'ask-title', tabindex: '-1' }, 'Ask the community'),
      el('button', { type: 'button', class: 'link-button', onclick: hideAsk, 'aria-label': 'Close the ask panel' }, 'Close')),
    el('p', {}, 'Your question goes to the community of practice that owns its topic, in either ',
      'organisation, to be answered within the agreed time. The answer you accept becomes searchable.'),
    form, outcome);
  panel.hidden = false;
  panel.scrollIntoView({ block: 'nearest' });
  byId('ask-title').focus();
}

export function hideAsk() {
  const panel = byId('ask');
  panel.hidden = true;
  clear(panel);
}

// What the search already knew, so that the expert does not have to ask.
function context(state) {
  const lines = [];
  if (state.q) lines.push(`Searched first for: "${state.q}"`);
  const topics = state.filters.concept.map(labelFor);
  if (topics.length) lines.push(`Topics: ${topics.join(', ')}`);
  if (state.filters.org.length) lines.push(`Knowledge from: ${state.filters.org.map(orgName).join(', ')}`);
  return lines.join('\n');
}

function renderOutcome(outcome, { request, suggestions, similar_open_requests: similar }) {
  const status = el('p', { class: 'ask-status', id: 'ask-status', tabindex: '-1' });
  if (request.community) {  // routed at once; no community: unrouted, for a km_lead
    status.append(`Request #${request.id} sent to the `, el('strong', {}, request.community),
      ` community. An answer is due by ${formatDateTime(request.due_at)}.`);
  } else {
    status.append(`Request #${request.id} sent. No community owns its topic yet: a knowledge manager will `,
      'route it by hand.');
  }
  const topics = (request.concepts ?? []).map((c) => c.label).filter(Boolean);
  clear(outcome).append(status, topics.length ? el('p', { class: 'muted' }, `Topics: ${topics.join(', ')}`) : null,
    el('p', {}, el('a', { href: `#request=${request.id}`, id: 'ask-follow' }, 'Follow your request'),
      ' — its answer will be there.'));

  if (suggestions?.length) {
    const list = el('ul', { class: 'ask-suggestions' });
    for (const item of suggestions) {
      const done = el('button', { type: 'button', class: 'link-button' }, 'This answers my question');
      done.addEventListener('click', () => deflect(request, item, outcome, done));
      list.append(el('li', {}, el('a', { href: `#item=${encodeURIComponent(item.id)}` }, item.title), ' ', done));
    }
    outcome.append(el('h3', {}, 'These may already answer it'), list);
  }
  if (similar?.length) {
    const list = el('ul', { class: 'ask-similar' });
    for (const other of similar) {
      const follow = el('button', { type: 'button', class: 'link-button' }, 'Follow it too');
      follow.addEventListener('click', () => join(other, follow));
      list.append(el('li', {}, `#${other.id}: “${other.question}” `, follow));
    }
    outcome.append(el('h3', {}, 'Someone asked something similar'), list);
  }
  status.focus();
}

async function deflect(request, item, outcome, button) {
  button.disabled = true;
  try {
    await api(`/api/requests/${request.id}/deflect`, { method: 'POST', body: { item_id: item.id } });
    clear(outcome).append(el('p', { class: 'ask-status', id: 'ask-status', tabindex: '-1' },
      `Request #${request.id} closed: “${item.title}” answered it. Thank you — that tells the others it helps.`));
    byId('ask-status').focus();
  } catch (err) {
    button.disabled = false;
    button.after(el('span', { class: 'error', role: 'alert' }, ` ${describeError(err)}`));
  }
}

async function join(other, button) {
  button.disabled = true;
  try {
    await api(`/api/requests/${other.id}/join`, { method: 'POST', body: {} });
    button.replaceWith(el('span', { class: 'muted' }, 'Following: you will see its answer too.'));
  } catch (err) {
    button.disabled = false;
    button.after(el('span', { class: 'error', role: 'alert' }, ` ${describeError(err)}`));
  }
}
