// The km_leads' and admins' views (#reports=...): tabs for KM performance, alignment, at-risk
// requests, the review queue and quality sampling. Anyone else is told the views are not
// theirs (the server refuses the report API to them all the same). This module holds the tabs,
// the access check and the KM performance view; the other views have their own modules.
import { api, apiBlob, apiUrl, describeError } from './api.js';
import { el, clear, append, orgName } from './dom.js';
import { currentUser, mayReport } from './auth.js';
import { reportsHash } from './state.js';
import { chart, percent, plain } from './charts.js';
import { renderAlignment } from './alignment.js';
import { renderRisk, renderReviewQueue } from './review.js';
import { renderSampling } from './sampling.js';

const TABS = {
  km: { name: 'KM performance', render: renderKm },
  alignment: { name: 'Alignment', render: renderAlignment },
  risk: { name: 'At risk and overdue', render: renderRisk },
  review: { name: 'Review queue', render: renderReviewQueue },
  sampling: { name: 'Quality sampling', render: renderSampling },
};

export function renderReports(view, state) {
  const user = currentUser();
  const heading = el('h2', { id: 'reports-title', tabindex: '-1' }, 'Reports');
  if (!mayReport(user)) {
    clear(view).append(heading, el('p', { class: 'refused', id: 'reports-refused', role: 'alert' },
      'These reports are only for km_leads and admins. Ask your organisation\'s km_lead if you need a figure from them.'));
    return;
  }
  const tab = TABS[state.tab] ? state.tab : 'km';
  const nav = el('nav', { class: 'request-tabs report-tabs', 'aria-label': 'Reports' },
    Object.entries(TABS).map(([name, t]) => el('a', {
      href: reportsHash(name, name === tab ? {} : { org: state.org }), 'aria-current': name === tab ? 'page' : null,
    }, t.name)));
  const body = el('div', { id: 'report-body', class: `report report-${tab}` });
  clear(view).append(heading, nav, body);
  document.title = `${TABS[tab].name} – Knowledge Market`;
  TABS[tab].render(body, state, user);
}

// The organisations with a local scheme, [{id, title}], for the selectors.
export async function organisations() {
  const { schemes } = await api('/api/taxonomy/schemes');
  return schemes.filter((s) => s.org).map((s) => ({ id: s.org, title: s.title }));
}

// ---- months ----
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export function thisMonth() {
  return new Date().toISOString().slice(0, 7);
}
export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
export function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

// ---- KM performance ----
const KINDS = [['lesson', 'Lessons'], ['good_practice', 'Good practices'], ['insight', 'Insights'], ['answer', 'Answers']];

async function renderKm(body, state) {
  const to = MONTH.test(state.to) ? state.to : thisMonth();
  let from = MONTH.test(state.from) ? state.from : addMonths(to, -5);
  if (from > to) from = to;
  const error = el('p', { class: 'error', role: 'alert', id: 'km-error' });
  const out = el('div', { id: 'km-out', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading the figures…'));
  const orgSelect = el('select', { id: 'km-org' }, el('option', { value: '' }, 'Both organisations'));
  const fromInput = el('input', { id: 'km-from', type: 'month', value: from, required: true });
  const toInput = el('input', { id: 'km-to', type: 'month', value: to, required: true });
  const form = el('form', { class: 'report-controls', id: 'km-form' },
    el('label', { for: 'km-from' }, 'From'), fromInput,
    el('label', { for: 'km-to' }, 'To'), toInput,
    el('label', { for: 'km-org' }, 'Organisation'), orgSelect,
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = reportsHash('km', { from: fromInput.value, to: toInput.value, org: orgSelect.value });
  });
  body.append(el('h3', { class: 'report-heading' }, 'KM performance: ', `${monthName(from)} to ${monthName(to)}`),
    form, error, out);
  try {
    const orgs = await organisations();
    for (const o of orgs) orgSelect.append(el('option', { value: o.id }, orgName(o.id)));
    const org = orgs.some((o) => o.id === state.org) ? state.org : '';
    orgSelect.value = org;
    const period = { from: `${from}-01`, to: lastDay(to), org };
    const [trend, report] = await Promise.all([
      api('/api/reports/km/trend', { params: { from, to, org } }),
      api('/api/reports/km', { params: period }),
    ]);
    append(clear(out), kmFigures(trend, report, org ? [org] : orgs.map((o) => o.id), period));
  } catch (err) {
    clear(out);
    error.textContent = describeError(err);
  } finally {
    out.removeAttribute('aria-busy');
  }
}

function kmFigures(trend, report, orgs, period) {
  const months = trend.months.map((m) => monthName(m.month));
  const sum = (m, pick) => orgs.reduce((total, o) => total + (m.by_org[o] ? pick(m.by_org[o]) : 0), 0);
  // The trend gives rates; n = rate x d gives back the counts exactly.
  const count = (rate, of) => (rate === null || rate === undefined ? 0 : Math.round(rate * of));
  const requests = chart({
    id: 'chart-requests', title: 'Requests per month', xLabel: 'Month', yLabel: 'Requests', categories: months, yFloor: 4,
    series: [
      { name: 'Opened', values: trend.months.map((m) => sum(m, (p) => p.opened)) },
      { name: 'Deflected', values: trend.months.map((m) => sum(m, (p) => count(p.deflection_rate, p.opened))) },
      { name: 'Answered', values: trend.months.map((m) => sum(m, (p) => p.answered)) },
      { name: 'Within service level', values: trend.months.map((m) => sum(m, (p) => count(p.within_service_level_rate, p.answered))) },
    ],
  });
  const perOrg = (pick) => orgs.map((o) => ({ name: orgName(o), values: trend.months.map((m) => pick(m.by_org[o] ?? {})) }));
  const hours = chart({
    id: 'chart-hours', kind: 'line', title: 'Median time to answer', xLabel: 'Month', yLabel: 'Working hours',
    categories: months, yFloor: 4, series: perOrg((p) => p.median_hours_to_answer ?? null),
    note: 'Working hours from the question to its final answer; no point where nothing was answered.',
  });
  const success = chart({
    id: 'chart-search', kind: 'line', title: 'Search success rate', xLabel: 'Month', yLabel: 'Searches followed by a click',
    categories: months, format: percent, series: perOrg((p) => (p.searches ? p.search_success_rate : null)),
  });
  const monthly = chart({
    id: 'chart-contributed', title: 'Items contributed per month', xLabel: 'Month', yLabel: 'Items', categories: months, yFloor: 4,
    series: perOrg((p) => p.contributed ?? 0),
  });
  const contributed = report.items.contributed;
  const kinds = chart({
    id: 'chart-contributions', title: 'Contributions by organisation and kind', xLabel: 'Kind', yLabel: 'Items',
    categories: KINDS.map(([, name]) => name), yFloor: 4,
    series: orgs.map((o) => ({ name: orgName(o), values: KINDS.map(([kind]) => contributed[o]?.by_kind?.[kind] ?? 0) })),
  });
  const flows = orgs.length > 1 ? orgs.flatMap((a) => orgs.filter((b) => b !== a).map((b) => [a, b]))
    : trendOrgsPairs(report, orgs[0]);
  const flow = chart({
    id: 'chart-flow', title: 'Knowledge flow between the organisations', xLabel: 'Whose items helped whom', yLabel: 'Helpful votes',
    categories: flows.map(([a, b]) => `${capital(a)} items → ${b} users`), yFloor: 4,
    series: [{ name: 'Helpful votes', values: flows.map(([a, b]) => report.knowledge_flow_helpful_votes[`${a} -> ${b}`] ?? 0) }],
  });
  const sampling = chart({
    id: 'chart-sampling', title: 'Quality sampling pass rate', xLabel: 'Organisation whose items were checked', yLabel: 'Passed',
    categories: orgs.map(orgName), format: percent,
    series: [{ name: 'Pass rate', values: orgs.map((o) => report.sampling[o]?.pass_rate ?? null) }],
    note: orgs.map((o) => `${orgName(o)}: ${report.sampling[o]?.checked ?? 0} checked, ${report.sampling[o]?.failed ?? 0} failed, ${report.sampling[o]?.fixed ?? 0} fixed.`).join(' '),
  });
  const backlog = chart({
    id: 'chart-backlog', title: 'Review backlog', xLabel: 'Organisation', yLabel: 'Items to review', yFloor: 4,
    categories: orgs.map(orgName),
    series: [{ name: 'Items past review-by or failed a sample', values: orgs.map((o) => report.items.review_backlog[o] ?? 0) }],
    note: 'Today, whatever the period.',
  });
  return [
    el('p', { class: 'report-actions' }, csvLink(period), ' ',
      el('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, 'Print (A4)')),
    el('div', { class: 'charts' }, requests, hours, success, zeroResults(report), monthly, kinds, flow, sampling, backlog),
    keyFigures(report, orgs),
  ];
}

// With one organisation chosen the flow still shows both directions involving it.
function trendOrgsPairs(report, org) {
  const others = new Set();
  for (const key of Object.keys(report.knowledge_flow_helpful_votes)) {
    for (const o of key.split(' -> ')) if (o !== org) others.add(o);
  }
  if (others.size === 0) others.add(org === 'client' ? 'partner' : 'client');
  return [...others].flatMap((o) => [[org, o], [o, org]]);
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function keyFigures(report, orgs) {
  const rows = [
    ['Requests opened', (o) => plain(report.requests.by_org[o]?.opened)],
    ['Deflected by an existing item', (o) => plain(report.requests.by_org[o]?.deflected)],
    ['Answered', (o) => plain(report.requests.by_org[o]?.answered)],
    ['Answered within the service level', (o) => plain(report.requests.by_org[o]?.answered_within_service_level)],
    ['Median working hours to answer', (o) => plain(report.requests.by_org[o]?.median_hours_to_answer)],
    ['Searches', (o) => plain(report.searches.by_org[o]?.searches)],
    ['Search success rate', (o) => (report.searches.by_org[o]?.searches ? percent(report.searches.by_org[o].success_rate) : '–')],
    ['Items contributed', (o) => plain(report.items.contributed[o]?.total)],
    ['Quality sampling pass rate', (o) => percent(report.sampling[o]?.pass_rate)],
    ['Review backlog (today)', (o) => plain(report.items.review_backlog[o])],
  ];
  return el('table', { class: 'key-figures', id: 'km-key-figures' },
    el('caption', {}, 'Key figures for the period'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), orgs.map((o) => el('th', { scope: 'col', 'data-org': o }, orgName(o))))),
    el('tbody', {}, rows.map(([name, value]) => el('tr', {}, el('th', { scope: 'row' }, name),
      orgs.map((o) => el('td', {}, value(o)))))));
}

function zeroResults(report) {
  const queries = report.searches.top_zero_result_queries ?? [];
  return el('section', { class: 'zero-results', id: 'km-zero-results', 'aria-labelledby': 'zero-title' },
    el('h4', { id: 'zero-title' }, 'Top zero-result queries'),
    queries.length
      ? el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Query'), el('th', { scope: 'col' }, 'Searches'))),
        el('tbody', {}, queries.map((q) => el('tr', {}, el('td', {}, q.query), el('td', {}, plain(q.searches))))))
      : el('p', { class: 'muted' }, 'No search of your organisation found nothing in this period.'),
    el('p', { class: 'muted small' }, 'Only your own organisation\'s words are shown.'));
}

// The CSV the API serves, fetched with the token (a plain link would not carry it).
function csvLink(period) {
  const filename = `km-report-${period.org || 'all'}-${period.from}-${period.to}.csv`;
  const url = apiUrl('/api/reports/km', { ...period, format: 'csv' });
  const status = el('span', { class: 'muted', role: 'status' });
  const link = el('a', {
    href: url.href, id: 'km-csv', download: filename,
    onclick: async (event) => {
      event.preventDefault();
      status.textContent = '';
      try {
        const blob = await apiBlob('/api/reports/km', { params: { ...period, format: 'csv' } });
        const temp = el('a', { href: URL.createObjectURL(blob), download: filename, hidden: true });
        document.body.append(temp);
        temp.click();
        temp.remove();
        setTimeout(() => URL.revokeObjectURL(temp.href), 10_000);
      } catch (err) {
        status.textContent = describeError(err);
      }
    },
  }, 'Download the figures (CSV)');
  return [link, status];
}
