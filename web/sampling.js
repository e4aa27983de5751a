// Quality sampling: a km_lead draws a random sample of the other organisation's items of a
// period (POST /api/sampling/samples) for themselves or for a named expert of their own
// organisation; the reviewer records pass, or fail with a reason, for each item
// (POST /api/sampling/samples/{id}/items/{item}). A sample is its reviewer's: #sample=3 opens
// it for them (the link the lead sends a named expert).
import { api, describeError } from './api.js';
import { el, clear, append, byId, orgName } from './dom.js';
import { currentUser } from './auth.js';
import { itemHash } from './state.js';

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function renderSampling(body, state, user) {
  const now = new Date();
  const from = el('input', { id: 'sample-from', type: 'date', required: true, value: isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1))) });
  const to = el('input', { id: 'sample-to', type: 'date', required: true, value: isoDay(now) });
  const size = el('input', { id: 'sample-size', type: 'number', min: '1', max: '200', value: '10' });
  const reviewer = el('input', { id: 'sample-reviewer', type: 'text', placeholder: 'blank: yourself; or a user id, e.g. c.priya', spellcheck: 'false' });
  const error = el('p', { class: 'error', role: 'alert', id: 'sample-error' });
  const out = el('div', { id: 'sample-out', 'aria-live': 'polite' });
  const mine = el('div', { id: 'my-samples', 'aria-live': 'polite' });
  const form = el('form', { class: 'report-controls sample-form', id: 'sample-form' },
    el('label', { for: 'sample-from' }, 'Items created or changed from'), from,
    el('label', { for: 'sample-to' }, 'to'), to,
    el('label', { for: 'sample-size' }, 'How many'), size,
    el('label', { for: 'sample-reviewer' }, 'Reviewer'), reviewer,
    el('button', { type: 'submit' }, 'Draw a sample'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const request = { from: from.value, to: to.value, size: Number(size.value) };
    if (reviewer.value.trim()) request.reviewer = reviewer.value.trim();
    try {
      const sample = await api('/api/sampling/samples', { method: 'POST', body: request });
      showSample(clear(out), sample, user);
      listMySamples(clear(mine));
    } catch (err) {
      error.textContent = describeError(err);
    }
  });
  const open = el('input', { id: 'sample-open-id', type: 'number', min: '1' });
  const openForm = el('form', { class: 'report-controls' }, el('label', { for: 'sample-open-id' }, 'Open sample number'), open,
    el('button', { type: 'submit', class: 'secondary' }, 'Open'));
  openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (open.value) location.hash = `#sample=${encodeURIComponent(open.value)}`;
  });
  const other = user.org === 'client' ? 'partner' : 'client';
  body.append(el('h3', { class: 'report-heading' }, 'Quality sampling'),
    el('p', { class: 'muted' }, `A random sample of ${orgName(other)}'s items created or changed in a period, checked by you or by an expert of your organisation you name. Failed items go back to their author's review queue.`),
    form, error, out, openForm, mine);
  listMySamples(mine);
}

// The samples the signed-in user reviews (GET /api/sampling/samples), newest first.
async function listMySamples(container) {
  try {
    const { samples, total } = await api('/api/sampling/samples', { params: { per_page: 20 } });
    if (samples.length === 0) return;
    append(container, [el('h4', {}, `Your samples (${total})`),
      el('ul', { class: 'plain-list' }, ...samples.map((s) => el('li', {},
        el('a', { href: `#sample=${s.id}` }, `Sample #${s.id}`),
        ` · ${orgName(s.org)}, ${s.from} to ${s.to} · ${s.decided} of ${s.items} decided, ${s.passed} passed`)))]);
  } catch (err) {
    append(container, [el('p', { class: 'error', role: 'alert' }, describeError(err))]);
  }
}

// #sample=N: the sample as its reviewer sees it (anyone else gets the API's 404).
export async function renderSample(view, id) {
  clear(view).append(el('h2', { id: 'sample-title', tabindex: '-1' }, `Quality sample #${id}`));
  const out = el('div', { id: 'sample-out' }, el('p', { class: 'muted' }, 'Loading…'));
  view.append(out);
  try {
    showSample(clear(out), await api(`/api/sampling/samples/${encodeURIComponent(id)}`), currentUser());
  } catch (err) {
    clear(out).append(el('p', { class: 'error', role: 'alert' }, describeError(err)));
  }
}

function showSample(out, sample, user) {
  const mine = sample.reviewer === user?.id;
  const checked = sample.items.filter((i) => i.verdict).length;
  const link = `${location.origin}${location.pathname}#sample=${sample.id}`;
  append(out, [
    el('h3', { id: 'sample-heading' }, `Sample #${sample.id}: ${sample.items.length} item${sample.items.length === 1 ? '' : 's'} of ${orgName(sample.org)}, ${sample.from} to ${sample.to}`),
    el('p', { id: 'sample-progress', class: 'status', tabindex: '-1' }, `${checked} of ${sample.items.length} checked.`),
    mine ? null : el('p', { id: 'sample-for' }, `Drawn for ${sample.reviewer}, who alone records the verdicts: send them `,
      el('a', { href: `#sample=${sample.id}` }, link), '.'),
    sample.items.length === 0 ? el('p', { class: 'muted' }, 'No item of that period could be drawn: try a longer period.') : null,
    el('ol', { class: 'sample-items' }, sample.items.map((item) => sampleItem(out, sample, item, mine, user)))]);
}

function sampleItem(out, sample, item, mine, user) {
  const li = el('li', { class: 'sample-item', 'data-item': item.id },
    el('p', {}, el('a', { href: itemHash(item.id) }, item.title || item.id), el('span', { class: 'muted' }, ` ${item.id}`)),
    item.verdict ? el('p', { class: `verdict verdict-${item.verdict}` }, item.verdict === 'pass' ? 'Passed' : 'Failed',
      item.reason ? `: ${item.reason}` : '') : null);
  if (!mine) return li;
  const reasonId = `reason-${item.id}`;
  const reason = el('input', { id: reasonId, type: 'text', class: 'reason', placeholder: 'needed for a failure' });
  reason.value = item.reason ?? '';
  const error = el('span', { class: 'error', role: 'alert' });
  const decide = async (verdict) => {
    error.textContent = '';
    if (verdict === 'fail' && !reason.value.trim()) {
      error.textContent = 'Say why it fails.';
      reason.focus();
      return;
    }
    try {
      const updated = await api(`/api/sampling/samples/${sample.id}/items/${encodeURIComponent(item.id)}`, {
        method: 'POST', body: { verdict, reason: reason.value.trim() },
      });
      showSample(clear(out), updated, user);
      byId('sample-progress')?.focus?.();
    } catch (err) {
      error.textContent = describeError(err);
    }
  };
  li.append(el('p', { class: 'verdict-form' },
    el('label', { for: reasonId }, 'Reason'), ' ', reason, ' ',
    el('button', { type: 'button', class: 'pass', onclick: () => decide('pass') }, 'Pass'), ' ',
    el('button', { type: 'button', class: 'fail secondary', onclick: () => decide('fail') }, 'Fail'), ' ', error));
  return li;
}
