// Facets (org, kind, community, concept with counts) as toggle buttons, and the active
// filters as removable chips. Each toggle asks the app to run the search again.
import { el, clear, kindName, orgName } from './dom.js';
import { FILTERS, FILTER_NAMES, hasFilters } from './state.js';
import { labelFor } from './labels.js';

const SHOWN_AT_FIRST = 8;
const expanded = new Set();   // dimensions whose full list the worker asked to see

// The facet_limit a search asks for: the server's default (10 values a dimension: the page shows
// 8, or all of up to 10) until the worker asks to see a whole list; then every value (0).
export function facetLimit() {
  return expanded.size > 0 ? 0 : undefined;
}

export function valueName(name, value, label) {
  if (name === 'kind') return kindName(value);
  if (name === 'org') return orgName(value);
  if (name === 'concept') return label || labelFor(value);
  return label || value;
}

// onToggle(name, value) adds or removes one filter value; distinct: how many values each
// dimension holds (the server lists the first facetLimit()); onShowAll() runs the search again
// when a whole list was asked for that the server did not send.
export function renderFacets(aside, facets, state, { onToggle, onShowAll, exact = true, distinct = {} }) {
  clear(aside);
  aside.append(el('h2', { class: 'visually-hidden' }, 'Filters'));
  for (const name of FILTERS) {
    const entries = [...(facets?.[name] ?? [])];
    // A selected value stays listed (and can be unticked) even when it counts nothing now.
    for (const value of state.filters[name]) {
      if (!entries.some((e) => e.value === value)) entries.push({ value, label: '', count: 0 });
    }
    if (entries.length === 0) continue;
    const headingId = `facet-${name}`;
    const all = Math.max(distinct[name] ?? 0, entries.length);
    const open = expanded.has(name) || all <= SHOWN_AT_FIRST + 2;
    const shown = open ? entries : entries.slice(0, SHOWN_AT_FIRST);
    const list = el('ul', { class: 'facet-list', 'aria-labelledby': headingId },
      shown.map((entry) => {
        const selected = state.filters[name].includes(entry.value);
        return el('li', {},
          el('button', {
            type: 'button', class: 'facet', 'aria-pressed': String(selected), 'data-key': `${name}=${entry.value}`,
            title: name === 'concept' ? entry.value : null,
            onclick: () => onToggle(name, entry.value),
          },
          el('span', { class: 'facet-label' }, valueName(name, entry.value, entry.label)),
          el('span', { class: 'count' }, `${entry.count ?? 0}${exact ? '' : '+'}`,
            el('span', { class: 'visually-hidden' }, ' results'))));
      }));
    const more = open ? null : el('button', {
      type: 'button', class: 'link-button more',
      onclick: () => {
        expanded.add(name);
        if (entries.length < all) onShowAll();
        else renderFacets(aside, facets, state, { onToggle, onShowAll, exact, distinct });
      },
    }, `Show all ${all}`);
    aside.append(el('section', { class: 'facet-group' },
      el('h3', { id: headingId }, FILTER_NAMES[name]), list, more));
  }
}

// onRemove(name, value); onClear() drops every filter.
export function renderActiveFilters(container, state, labels, { onRemove, onClear }) {
  clear(container);
  if (!hasFilters(state)) return;
  container.append(el('span', { class: 'active-label' }, 'Filtered by:'));
  for (const name of FILTERS) {
    for (const value of state.filters[name]) {
      const text = valueName(name, value, labels.get(`${name}:${value}`));
      container.append(el('button', {
        type: 'button', class: 'chip',
        'aria-label': `Remove filter ${FILTER_NAMES[name]}: ${text}`,
        onclick: () => onRemove(name, value),
      }, `${FILTER_NAMES[name]}: ${text}`, el('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×')));
    }
  }
  container.append(el('button', { type: 'button', class: 'link-button', onclick: onClear }, 'Clear all'));
}

// Labels for the active chips come from the facets the server just sent.
export function facetLabels(facets) {
  const labels = new Map();
  for (const name of FILTERS) {
    for (const entry of facets?.[name] ?? []) labels.set(`${name}:${entry.value}`, entry.label);
  }
  return labels;
}
