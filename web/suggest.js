// Suggestions as you type (GET /api/suggest), as an ARIA combobox: arrows move, Enter picks
// the highlighted suggestion (or searches when none is), Escape closes.
import { api } from './api.js';
import { el, clear, debounce } from './dom.js';

const MIN_CHARS = 2;
// What each suggestion is: a past search that finds something, an item title, a topic.
const SOURCE_NAMES = { query: 'Search', title: 'Item', concept: 'Topic' };

// onPick({source: 'query', text} | {source: 'title', id, text} | {source: 'concept', concept, text})
export function attachSuggest(input, listbox, { onPick }) {
  let items = [];
  let active = -1;
  let controller = null;

  const close = () => {
    items = [];
    active = -1;
    listbox.hidden = true;
    clear(listbox);
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const highlight = (index) => {
    active = index;
    [...listbox.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) input.setAttribute('aria-activedescendant', `suggestion-${index}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const pick = (index) => {
    const choice = items[index];
    close();
    if (choice) onPick(choice);
  };

  const show = (suggestions) => {
    items = suggestions;
    active = -1;
    clear(listbox);
    suggestions.forEach((s, i) => {
      listbox.append(el('li', {
        id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false',
        class: `suggestion is-${SOURCE_NAMES[s.source] ? s.source : 'title'}`,
        // mousedown, not click: it comes before the input's blur closes the list
        onmousedown: (event) => { event.preventDefault(); pick(i); },
      }, el('span', { class: 'suggestion-kind' }, SOURCE_NAMES[s.source] ?? 'Item'), s.text));
    });
    listbox.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(suggestions.length > 0));
  };

  const fetchSuggestions = debounce(async () => {
    const q = input.value.trim();
    controller?.abort();
    if (q.length < MIN_CHARS || document.activeElement !== input) {
      close();
      return;
    }
    controller = new AbortController();
    try {
      const data = await api('/api/suggest', { params: { q }, signal: controller.signal });
      if (input.value.trim() === q) show(data?.suggestions ?? []);
    } catch {
      close();   // suggestions are a help, not a must: a failure just shows none
    }
  }, 180);

  input.addEventListener('input', fetchSuggestions);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (event) => {
    if (listbox.hidden) {
      if (event.key === 'ArrowDown' && input.value.trim().length >= MIN_CHARS) fetchSuggestions();
      return;
    }
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });

  return { close, cancel: () => { fetchSuggestions.cancel(); controller?.abort(); close(); } };
}
