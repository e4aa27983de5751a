// The page state lives in the URL hash, so back/forward, reload and shared links work.
//   search: #q=case+escalation&org=client&kind=lesson,answer&sort=newest&page=2
//   item:   #item=cl-023&sid=15   (sid: the search that led there, so the click is counted)
//   requests: #requests=mine | queue | unrouted   one request: #request=12
//   reports (km_lead, admin): #reports=km&from=2026-06&to=2026-11&org=client | alignment&org=client
//            | risk | review | sampling        one quality sample: #sample=3
//   first sign-in convenience: #token=km_... (stored, then removed from the URL)

export const FILTERS = ['org', 'kind', 'community', 'concept'];
export const FILTER_NAMES = { org: 'Organisation', kind: 'Kind', community: 'Community', concept: 'Topic' };

export function emptyState() {
  return {
    view: 'search', q: '', sort: 'relevance', page: 1, id: '', sid: '', token: '', tab: '',
    from: '', to: '', org: '',
    filters: Object.fromEntries(FILTERS.map((name) => [name, []])),
  };
}

export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state = emptyState();
  state.token = params.get('token') ?? '';
  state.q = params.get('q') ?? '';
  state.sort = params.get('sort') === 'newest' ? 'newest' : 'relevance';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, 1000) : 1;
  for (const name of FILTERS) {
    state.filters[name] = params.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
  }
  if (params.has('item')) {
    state.view = 'item';
    state.id = params.get('item') ?? '';
    state.sid = params.get('sid') ?? '';
  } else if (params.has('request')) {
    state.view = 'request';
    state.id = params.get('request') ?? '';
  } else if (params.has('requests')) {
    state.view = 'requests';
    state.tab = params.get('requests') ?? 'mine';
  } else if (params.has('reports')) {
    state.view = 'reports';
    state.tab = params.get('reports') ?? 'km';
    state.from = params.get('from') ?? '';
    state.to = params.get('to') ?? '';
    state.org = params.get('org') ?? '';
  } else if (params.has('sample')) {
    state.view = 'sample';
    state.id = params.get('sample') ?? '';
  }
  return state;
}

export function searchHash(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of FILTERS) {
    if (state.filters[name]?.length) params.set(name, state.filters[name].join(','));
  }
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString();
  return text ? `#${text}` : '#';
}

// #reports=<tab> with the report's own choices (months, organisation) when set.
export function reportsHash(tab, { from, to, org } = {}) {
  const params = new URLSearchParams({ reports: tab });
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (org) params.set('org', org);
  return `#${params}`;
}

export function itemHash(id, sid) {
  const params = new URLSearchParams({ item: id });
  if (sid) params.set('sid', String(sid));
  return `#${params}`;
}

// A copy of the state with one filter value toggled, back on page 1.
export function toggleFilter(state, name, value) {
  const next = structuredClone(state);
  const values = next.filters[name];
  const at = values.indexOf(value);
  if (at >= 0) values.splice(at, 1);
  else values.push(value);
  next.page = 1;
  return next;
}

export function withChanges(state, changes) {
  return { ...structuredClone(state), ...changes };
}

export function hasFilters(state) {
  return FILTERS.some((name) => state.filters[name].length > 0);
}

// Drop #token=... from the address bar without adding a history entry.
export function stripTokenFromUrl() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}

// Go to a hash; when it is already the current one, hashchange would not fire, so say so.
export function navigate(hash, rerender) {
  const target = hash === '#' ? '' : hash;
  const current = location.hash === '#' ? '' : location.hash;
  if (target === current) rerender();
  else location.hash = hash;
}
