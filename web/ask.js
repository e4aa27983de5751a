// "Ask the community" after a search that found nothing (or nothing that helped). Sending a
// request is not part of this page yet, so the panel only shows the request it would send.
import { el, clear, byId, orgName } from './dom.js';
import { labelFor } from './labels.js';

// state: the search state the question comes from (its words and filters give context).
export function showAsk(question, state) {
  const panel = clear(byId('ask'));
  const text = el('textarea', { id: 'ask-question', rows: '3', 'aria-describedby': 'ask-note' });
  text.value = question ?? '';
  const preview = el('pre', { class: 'ask-preview', id: 'ask-preview', 'aria-live': 'polite' });
  const update = () => { preview.textContent = requestText(text.value, state); };
  text.addEventListener('input', update);
  update();

  const copied = el('span', { class: 'copied', 'aria-live': 'polite' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(preview.textContent);
      copied.textContent = 'Copied.';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(preview);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copied.textContent = 'Selected: press Ctrl+C to copy.';
    }
  };

  panel.append(
    el('div', { class: 'ask-head' },
      el('h2', { id: 'ask-title', tabindex: '-1' }, 'Ask the community'),
      el('button', { type: 'button', class: 'link-button', onclick: hideAsk, 'aria-label': 'Close the ask panel' }, 'Close')),
    el('p', {}, 'When search does not answer, ask the people who do this work, in either organisation.'),
    el('p', { class: 'notice', id: 'ask-note' },
      el('strong', {}, 'Requests are coming. '),
      'This page cannot send a request yet. Once it can, your question will go to the community ',
      'of practice that owns its topic, to be answered within an agreed time, and the answer will ',
      'become searchable. Until then, here is the request it will send: copy it and put it to your ',
      'community yourself.'),
    el('label', { for: 'ask-question' }, 'Your question'),
    text,
    el('h3', {}, 'Planned request'),
    preview,
    el('p', { class: 'ask-actions' },
      el('button', { type: 'button', onclick: copy }, 'Copy the request text'), ' ', copied));
  panel.hidden = false;
  panel.scrollIntoView({ block: 'nearest' });
  byId('ask-title').focus();
}

export function hideAsk() {
  const panel = byId('ask');
  panel.hidden = true;
  clear(panel);
}

function requestText(question, state) {
  const lines = [`Question: ${question.trim() || '(write your question)'}`];
  const topics = state.filters.concept.map(labelFor);
  if (topics.length) lines.push(`Topics: ${topics.join(', ')}`);
  if (state.filters.community.length) lines.push(`Community: ${state.filters.community.join(', ')}`);
  if (state.filters.org.length) lines.push(`Knowledge from: ${state.filters.org.map(orgName).join(', ')}`);
  if (state.q) lines.push(`Searched first for: "${state.q}"`);
  return lines.join('\n');
}
