// The intranet search page: reads the state from the URL hash, runs the search or shows an
// item, and turns every click (facet, chip, page, sort, suggestion) into a new hash.
import { api, token, describeError } from './api.js';
import { byId, el, clear } from './dom.js';
import { initAuth, checkToken, currentUser } from './auth.js';
import { attachSuggest } from './suggest.js';
import { renderFacets, renderActiveFilters, facetLabels, facetLimit } from './facets.js';
import { renderResults, clearResults } from './results.js';
import { renderItem } from './detail.js';
import { showAsk, hideAsk } from './ask.js';
import { renderRequestList, renderRequest } from './requests.js';
import { renderReports } from './reports.js';
import { renderSample } from './sampling.js';
import { remember, rememberFacets, rememberResults } from './labels.js';
import {
  readHash, searchHash, itemHash, toggleFilter, withChanges, emptyState, stripTokenFromUrl, navigate,
} from './state.js';

let searchState = emptyState();   // the last search shown, for "back to results" and new queries
let searchController = null;
let pendingFocus = '';            // the facet button to focus again once the facets are redrawn
let suggest = null;

function start() {
  takeTokenFromHash();
  initAuth({ onSignedIn: render });
  suggest = attachSuggest(byId('q'), byId('suggestions'), { onPick });
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    suggest.cancel();
    const q = byId('q').value.trim();
    go(searchHash(withChanges(searchState, { q, page: 1 })));
  });
  byId('sort').addEventListener('change', (event) => {
    go(searchHash(withChanges(searchState, { sort: event.target.value, page: 1 })));
  });
  // Small screens fold the facets away (style.css) so the results come first.
  byId('facets-toggle').addEventListener('click', (event) => {
    const open = byId('facets').classList.toggle('open');
    event.currentTarget.setAttribute('aria-expanded', String(open));
  });
  window.addEventListener('hashchange', () => {
    takeTokenFromHash();
    if (currentUser()) render();
    else checkToken(render);
  });
  checkToken(render);
}

// #token=... signs in (handy for a first visit and for headless checks), then leaves the URL.
function takeTokenFromHash() {
  const { token: fromHash } = readHash();
  if (!fromHash) return;
  token.set(fromHash);
  stripTokenFromUrl();
}

function go(hash) {
  navigate(hash, render);
}

function render() {
  const state = readHash();
  hideAsk();
  const itemView = byId('item-view');
  const searchView = byId('search-view');
  const requestsView = byId('requests-view');
  const reportsView = byId('reports-view');
  requestsView.hidden = state.view !== 'requests' && state.view !== 'request';
  reportsView.hidden = state.view !== 'reports' && state.view !== 'sample';
  if (!requestsView.hidden || !reportsView.hidden) {
    searchController?.abort();
    searchView.hidden = true;
    itemView.hidden = true;
    byId('search-error').textContent = '';
    if (requestsView.hidden) clear(requestsView);
    else clear(reportsView);
    if (state.view === 'request') renderRequest(requestsView, state.id);
    else if (state.view === 'requests') renderRequestList(requestsView, state.tab);
    else if (state.view === 'sample') renderSample(reportsView, state.id);
    else renderReports(reportsView, state);
    if (!requestsView.hidden) document.title = 'Requests – Knowledge Market';
    if (state.view === 'sample') document.title = 'Quality sample – Knowledge Market';
    return;
  }
  clear(requestsView);
  clear(reportsView);
  if (state.view === 'item') {
    searchController?.abort();
    searchView.hidden = true;
    itemView.hidden = false;
    byId('search-error').textContent = '';
    document.title = 'Item – Knowledge Market';
    renderItem(state.id, state.sid, {
      backHash: searchHash(searchState), query: searchState.q,
      onAsk: (q) => showAsk(q, searchState),
    }).then(() => {
      const title = byId('item-title');
      if (title) document.title = `${title.textContent} – Knowledge Market`;
    });
    return;
  }
  itemView.hidden = true;
  clear(itemView);
  searchView.hidden = false;
  searchState = state;
  byId('q').value = state.q;
  // Without words there is nothing to rank by relevance: the server lists the newest first.
  const sort = byId('sort');
  sort.querySelector('option[value=relevance]').disabled = !state.q;
  sort.value = state.q ? state.sort : 'newest';
  document.title = state.q ? `${state.q} – Knowledge Market` : 'Knowledge Market';
  runSearch(state);
}

async function runSearch(state) {
  searchController?.abort();
  searchController = new AbortController();
  const column = document.querySelector('.results-col');
  column.setAttribute('aria-busy', 'true');
  byId('search-error').textContent = '';
  let data;
  try {
    data = await api('/api/search', {
      params: { q: state.q, ...state.filters, sort: state.sort, page: state.page, facet_limit: facetLimit() },
      signal: searchController.signal,
    });
  } catch (err) {
    if (err.name === 'AbortError') return;
    column.removeAttribute('aria-busy');
    if (err.status === 401) return;   // the sign-in form takes over
    byId('search-error').textContent = describeError(err);
    clearResults();
    clear(byId('facets'));
    renderActive(state, new Map());
    byId('ask-prompt').hidden = true;
    return;
  }
  column.removeAttribute('aria-busy');
  rememberFacets(data.facets);
  rememberResults(data.results);
  renderActive(state, facetLabels(data.facets));
  renderFacets(byId('facets'), data.facets, state, {
    exact: data.facets_exact !== false,
    distinct: data.facets_distinct ?? {},
    onShowAll: () => runSearch(state),
    onToggle: (name, value) => {
      pendingFocus = `${name}=${value}`;
      go(searchHash(toggleFilter(state, name, value)));
    },
  });
  renderResults(data, state, {
    onConcept: (id) => {
      if (!state.filters.concept.includes(id)) go(searchHash(toggleFilter(state, 'concept', id)));
    },
  });
  if ((data.results ?? []).length === 0 && data.total > 0) {
    byId('results').append(el('li', { class: 'empty' }, 'There are no results on this page. ',
      el('a', { href: searchHash(withChanges(state, { page: 1 })) }, 'Go to the first page.')));
  }
  renderAskPrompt(state, data);
  restoreFocus();
}

function renderActive(state, labels) {
  renderActiveFilters(byId('active-filters'), state, labels, {
    onRemove: (name, value) => go(searchHash(toggleFilter(state, name, value))),
    onClear: () => go(searchHash(withChanges(emptyState(), { q: state.q, sort: state.sort }))),
  });
}

// A failed search (nothing found) offers a request up front; otherwise a quiet link below.
function renderAskPrompt(state, data) {
  const prompt = clear(byId('ask-prompt'));
  const nothing = (data.total ?? 0) === 0;
  prompt.hidden = !nothing && !state.q;
  if (prompt.hidden) return;
  prompt.classList.toggle('nothing', nothing);
  const ask = el('button', { type: 'button', onclick: () => showAsk(state.q, state) }, 'Ask the community');
  if (nothing) {
    prompt.append(el('span', {}, el('strong', {}, 'Nothing found. '),
      data.did_you_mean ? 'Try the spelling above, remove a filter, or ' : 'Try other words, remove a filter, or ',
      'ask the people who know.'), ask);
  } else {
    prompt.append('Nothing here answers your question? ', ask);
  }
}

function restoreFocus() {
  if (!pendingFocus) return;
  const target = document.querySelector(`[data-key="${CSS.escape(pendingFocus)}"]`);
  pendingFocus = '';
  target?.focus();
}

function onPick(choice) {
  if (choice.source === 'concept' && choice.concept) {
    remember(choice.concept, choice.text);
    const next = withChanges(searchState, { q: '', page: 1 });
    if (!next.filters.concept.includes(choice.concept)) next.filters.concept.push(choice.concept);
    go(searchHash(next));
  } else if (choice.source === 'title' && choice.id) {
    go(itemHash(choice.id));
  } else {
    go(searchHash(withChanges(searchState, { q: choice.text ?? '', page: 1 })));
  }
}

start();
