// Browser test of the km_leads' reports on the page (web/reports.js, alignment.js, review.js,
// sampling.js) and of the page on a small screen. The sample data gets a little activity
// through the API first (searches, clicks, helpful votes across the organisations, requests
// answered, deflected and open), then each organisation's km_lead opens KM performance and
// alignment and reads the figures the API gives in the charts and their tables, downloads the
// CSV, prints on A4, approves a suggested mapping, draws a quality sample and records verdicts
// (also as a named expert); a reader is refused the views (and the API refuses them); the search,
// item and request views do not scroll sideways at 360 px; no page shows "null".
//
//   cd tests/browser && npm ci && node --test report_views.test.mjs
//   KM_SCREENSHOTS=../../docs/screenshots node --test report_views.test.mjs   # also the README's screenshots
//
// The server, the data and the browser come from harness.mjs (its environment variables too).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Stack, SETUP_TIMEOUT, horizontalOverflow, strayNulls, waitForSignedIn } from './harness.mjs';

const SUITE_TIMEOUT = 60_000;
const SCREENSHOTS = process.env.KM_SCREENSHOTS ? resolve(process.env.KM_SCREENSHOTS) : '';

const stack = new Stack({ testClock: true });
const step = (name, fn) => stack.step(name, fn);
const LEADS = { client: 'c.amara', partner: 'p.jonas' };
const NAMES = { 'c.amara': 'Amara Okafor', 'p.jonas': 'Jonas Becker', 'c.niamh': 'Niamh', 'p.ana': 'Ana' };
const ORG_NAMES = { client: 'Brightline (client)', partner: 'Helix (partner)' };
const tabs = {};                         // user -> their signed-in tab
const activity = {};                     // what the set-up did: request ids

const thisMonth = new Date().toISOString().slice(0, 7);
const firstMonth = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 5, 1)).toISOString().slice(0, 7);
})();
const lastDay = (month) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

// Some of what the monthly review counts, done through the API as workers would.
async function seedActivity() {
  const api = stack.api.bind(stack);
  let s = await api('c.niamh', '/api/search?q=case+escalation');
  await api('c.niamh', `/api/items/${s.results[0].id}?search_id=${s.search_id}`);
  await api('c.niamh', '/api/search?q=zanzibarite+quokka');            // nothing found
  s = await api('p.seun', '/api/search?q=outage');
  await api('p.seun', `/api/items/${s.results[0].id}?search_id=${s.search_id}`);
  await api('p.seun', '/api/search?q=wobblegate+calibration');           // nothing found
  s = await api('c.niamh', '/api/search?q=outage&org=partner');          // partner items help a client worker
  await api('c.niamh', '/api/feedback', { method: 'POST', body: { item_id: s.results[0].id, helpful: true } });
  let r = await api('c.niamh', '/api/requests', { method: 'POST', body: { question: 'Broadband drops every evening after the outage was fixed: what now?' } });
  const answered = r.request.id;
  await api('p.rahul', `/api/requests/${answered}/claim`, { method: 'POST', body: {} });
  await api('p.rahul', `/api/requests/${answered}/answers`, { method: 'POST', body: { text: 'Book a line test and refer it to second line.', visibility: 'shared' } });
  await api('c.niamh', `/api/requests/${answered}/accept`, { method: 'POST', body: { rating: 5 } });
  r = await api('c.henrik', '/api/requests', { method: 'POST', body: { question: 'Outage keeps coming back for one customer' } });
  await api('c.henrik', `/api/requests/${r.request.id}/deflect`, { method: 'POST', body: { item_id: r.suggestions[0].id } });
  r = await api('c.niamh', '/api/requests', { method: 'POST', body: { question: 'Outage keeps coming back for one customer: what do we do?' } });
  Object.assign(activity, { answered, open: r.request.id });
}

async function signIn(user) {
  const tab = await stack.newTab();
  await tab.goto(`${stack.base}/#token=${stack.tokens.get(user)}`);
  await waitForSignedIn(tab, NAMES[user], user.startsWith('c.') ? 'client' : 'partner');
  tabs[user] = tab;
  return tab;
}

async function open(tab, hash) {
  await tab.bringToFront();   // background tabs are throttled by Chromium
  await tab.goto(`${stack.base}/${hash}`);
}

// Every page the test shows is checked for values the page forgot to leave out.
async function noNulls(tab, where) {
  assert.deepEqual(await strayNulls(tab), [], `no "null", "undefined" or "NaN" text on ${where}`);
}

// A chart's table: {category: [numbers or null per series]}, and the drawn marks' values.
async function chartData(tab, id) {
  const figure = tab.locator(`#${id}`);
  await figure.waitFor();
  return figure.evaluate((node) => {
    const number = (text) => (text === '' ? null : Number(text));
    const series = [...node.querySelectorAll('thead th')].slice(1).map((th) => th.textContent);
    const rows = Object.fromEntries([...node.querySelectorAll('tbody tr')].map((tr) => [
      tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].map((td) => number(td.dataset.value))]));
    const marks = [...node.querySelectorAll('svg [data-series]')].map((m) => [m.dataset.series, m.dataset.category, number(m.dataset.value)]);
    const svg = node.querySelector('svg');
    return {
      title: node.querySelector('figcaption strong')?.textContent,
      labelled: svg?.getAttribute('role') === 'img' && Boolean(document.getElementById(svg.getAttribute('aria-labelledby'))),
      axisLabels: [...node.querySelectorAll('svg .axis-label')].map((t) => t.textContent),
      series, rows, marks,
    };
  });
}

// The table and the marks say the same, and what `expected` ({category: [values]}) says.
function assertChart(chart, expected, what) {
  assert.ok(chart.labelled, `${what}: an SVG image named by its title`);
  assert.equal(chart.axisLabels.length, 2, `${what}: both axes are labelled`);
  assert.deepEqual(chart.rows, expected, `${what}: the table holds the API's figures`);
  for (const [name, category, value] of chart.marks) {
    const k = chart.series.indexOf(name);
    assert.ok(k >= 0, `${what}: a mark of a known series ${name}`);
    assert.equal(value, expected[category][k], `${what}: the mark for ${name}, ${category}`);
  }
}

function monthName(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

describe('report views', { timeout: SUITE_TIMEOUT }, () => {
  before(async () => {
    await stack.start();
    await seedActivity();
  }, { timeout: SETUP_TIMEOUT });

  after(() => stack.stop(), { timeout: SETUP_TIMEOUT });

  step('1. a reader is refused the reports, by the page and by the API', async () => {
    const tab = await signIn('c.niamh');
    assert.equal(await tab.locator('#nav-reports').count(), 0, 'no Reports link for a reader');
    for (const hash of ['#reports=km', '#reports=alignment', '#reports=sampling']) {
      await open(tab, hash);
      const refused = tab.locator('#reports-refused');
      await refused.waitFor();
      assert.match(await refused.textContent(), /only for km_leads and admins/);
      assert.equal(await tab.locator('#report-body').count(), 0, 'no report under the refusal');
      await noNulls(tab, hash);
    }
    const headers = { Authorization: `Bearer ${stack.tokens.get('c.niamh')}` };
    for (const path of ['/api/reports/km', `/api/reports/km/trend?from=${firstMonth}&to=${thisMonth}`]) {
      const response = await fetch(`${stack.base}${path}`, { headers });
      assert.equal(response.status, 403, `${path} is refused to a reader`);
    }
    const draw = await fetch(`${stack.base}/api/sampling/samples`, {
      method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"from":"2026-01-01","to":"2026-12-31"}',
    });
    assert.equal(draw.status, 403, 'a reader cannot draw a sample');
  });

  step('2. the client km_lead draws a sample for herself and records verdicts; the partner km_lead names an expert, who records one', async () => {
    const tab = await signIn('c.amara');
    await tab.locator('#nav-reports').click();
    await tab.locator('.report-tabs a', { hasText: 'Quality sampling' }).click();
    await tab.locator('#sample-from').fill('2023-01-01');
    await tab.locator('#sample-size').fill('3');
    await tab.locator('#sample-form button[type=submit]').click();
    const heading = tab.locator('#sample-heading');
    await heading.waitFor();
    const id = /^Sample #(\d+): 3 items of Helix \(partner\)/.exec(await heading.textContent())?.[1];
    assert.ok(id, `a sample of 3 partner items, got ${await heading.textContent()}`);
    const items = tab.locator('.sample-item');
    assert.equal(await items.count(), 3);
    const [first, second] = await items.evaluateAll((lis) => lis.map((li) => li.dataset.item));
    await tab.locator(`.sample-item[data-item="${first}"] button.pass`).click();
    await tab.locator('#sample-progress', { hasText: '1 of 3 checked.' }).waitFor();
    // A failure needs a reason: the page says so before the server would.
    await tab.locator(`.sample-item[data-item="${second}"] button.fail`).click();
    await tab.locator(`.sample-item[data-item="${second}"] [role=alert]`, { hasText: 'Say why it fails.' }).waitFor();
    await tab.locator(`#reason-${second}`).fill('No recommendation to act on');
    await tab.locator(`.sample-item[data-item="${second}"] button.fail`).click();
    await tab.locator('#sample-progress', { hasText: '2 of 3 checked.' }).waitFor();
    assert.equal(await tab.locator(`.sample-item[data-item="${second}"] .verdict-fail`).textContent(), 'Failed: No recommendation to act on');
    const stored = await stack.api('c.amara', `/api/sampling/samples/${id}`);
    const verdicts = Object.fromEntries(stored.items.map((i) => [i.id, i.verdict]));
    assert.equal(verdicts[first], 'pass');
    assert.equal(verdicts[second], 'fail');
    await noNulls(tab, 'the sample');
    // The sampling view lists her samples with their progress, as the API does.
    await open(tab, '#reports=review');
    await open(tab, '#reports=sampling');
    const listed = tab.locator('#my-samples li', { hasText: `Sample #${id}` });
    await listed.waitFor();
    assert.match(await listed.textContent(), /2 of 3 decided, 1 passed$/);
    const mine = await stack.api('c.amara', '/api/sampling/samples');
    assert.equal(await tab.locator('#my-samples li').count(), mine.samples.length);

    // The partner lead draws one for a named expert, who alone records its verdicts.
    const lead = await signIn('p.jonas');
    await open(lead, '#reports=sampling');
    await lead.locator('#sample-from').fill('2023-01-01');
    await lead.locator('#sample-size').fill('2');
    await lead.locator('#sample-reviewer').fill('p.ana');
    await lead.locator('#sample-form button[type=submit]').click();
    const forAna = lead.locator('#sample-for');
    await forAna.waitFor();
    assert.match(await forAna.textContent(), /^Drawn for p\.ana, who alone records the verdicts/);
    assert.equal(await lead.locator('.sample-item button').count(), 0, 'no verdict buttons for the lead');
    const link = await forAna.locator('a').getAttribute('href');
    const ana = await signIn('p.ana');
    await open(ana, link);
    await ana.locator('.sample-item button.pass').first().click();
    await ana.locator('#sample-progress', { hasText: '1 of 2 checked.' }).waitFor();
    await noNulls(ana, 'the named expert\'s sample');
  });

  for (const [org, user] of Object.entries(LEADS)) {
    step(`3. ${org}: the km_lead reads KM performance, the API's figures in charts and tables, as CSV and on A4`, async () => {
      const tab = tabs[user];
      await open(tab, '#reports=km');
      await tab.locator('#km-from').fill(firstMonth);
      await tab.locator('#km-to').fill(thisMonth);
      await tab.locator('#km-org').selectOption(org);
      await tab.locator('#km-form button[type=submit]').click();
      // The figures of that organisation alone: one column in the key figures.
      await tab.waitForFunction((o) => document.querySelectorAll('#km-key-figures th[data-org]').length === 1
        && document.querySelector(`#km-key-figures th[data-org="${o}"]`), org);
      const trend = await stack.api(user, `/api/reports/km/trend?from=${firstMonth}&to=${thisMonth}&org=${org}`);
      const report = await stack.api(user, `/api/reports/km?from=${firstMonth}-01&to=${lastDay(thisMonth)}&org=${org}`);

      // Requests per month: opened, deflected, answered, within the service level.
      const count = (rate, of) => (rate === null ? 0 : Math.round(rate * of));
      const perMonth = Object.fromEntries(trend.months.map((m) => {
        const p = m.by_org[org];
        return [monthName(m.month), [p.opened, count(p.deflection_rate, p.opened), p.answered, count(p.within_service_level_rate, p.answered)]];
      }));
      const requests = await chartData(tab, 'chart-requests');
      assert.equal(requests.title, 'Requests per month');
      assert.deepEqual(requests.axisLabels, ['Month', 'Requests']);
      assertChart(requests, perMonth, 'requests per month');
      if (org === 'client') {
        assert.deepEqual(perMonth[monthName(thisMonth)], [3, 1, 1, 1], 'the set-up\'s three client requests this month');
      }
      assertChart(await chartData(tab, 'chart-hours'), Object.fromEntries(trend.months.map((m) => [monthName(m.month), [m.by_org[org].median_hours_to_answer]])), 'median hours');
      assertChart(await chartData(tab, 'chart-search'), Object.fromEntries(trend.months.map((m) => [monthName(m.month),
        [m.by_org[org].searches ? m.by_org[org].search_success_rate : null]])), 'search success');
      const contributed = Object.fromEntries(trend.months.map((m) => [monthName(m.month), [m.by_org[org].contributed]]));
      assertChart(await chartData(tab, 'chart-contributed'), contributed, 'contributions per month');
      const kinds = report.items.contributed[org].by_kind;
      assertChart(await chartData(tab, 'chart-contributions'),
        { Lessons: [kinds.lesson], 'Good practices': [kinds.good_practice], Insights: [kinds.insight], Answers: [kinds.answer] }, 'contributions');
      const flow = await chartData(tab, 'chart-flow');
      for (const [category, [votes]] of Object.entries(flow.rows)) {
        const [, from, to] = /^(\w+) items → (\w+) users$/.exec(category);
        assert.equal(votes, report.knowledge_flow_helpful_votes[`${from.toLowerCase()} -> ${to}`] ?? 0, `flow ${category}`);
      }
      assert.equal(flow.rows['Partner items → client users'][0], 1, 'the set-up\'s helpful vote');
      assertChart(await chartData(tab, 'chart-sampling'), { [ORG_NAMES[org]]: [report.sampling[org].pass_rate] }, 'sampling pass rate');
      // Step 2: the client lead passed one partner item and failed one; the partner's expert passed a client item.
      assert.equal(report.sampling[org].pass_rate, org === 'partner' ? 0.5 : 1, 'the verdicts of step 2');
      assertChart(await chartData(tab, 'chart-backlog'), { [ORG_NAMES[org]]: [report.items.review_backlog[org]] }, 'review backlog');
      const figure = async (name) => tab.locator('#km-key-figures tr', { has: tab.locator('th', { hasText: name }) }).locator('td').textContent();
      assert.equal(await figure('Requests opened'), String(report.requests.by_org[org].opened));
      assert.equal(await figure('Answered within the service level'), String(report.requests.by_org[org].answered_within_service_level));
      const median = report.requests.by_org[org].median_hours_to_answer;
      assert.equal(await figure('Median working hours to answer'),
        median === null ? '–' : median.toLocaleString('en-GB', { maximumFractionDigits: 1 }));
      // Zero-result queries: a lead reads their own organisation's words only.
      const zero = await tab.locator('#km-zero-results').textContent();
      assert.equal(zero.includes('zanzibarite quokka'), org === 'client');
      assert.equal(zero.includes('wobblegate'), org === 'partner');
      await noNulls(tab, `KM performance (${org})`);

      // The CSV the API serves, downloaded with the token.
      const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator('#km-csv').click()]);
      assert.equal(download.suggestedFilename(), `km-report-${org}-${firstMonth}-01-${lastDay(thisMonth)}.csv`);
      const csv = readFileSync(await download.path(), 'utf8').split('\n');
      assert.equal(csv[0], 'section,key,value');
      assert.equal(csv[1], `report,org,${org}`);
      assert.ok(csv.includes(`requests,by_org/${org}/opened,${report.requests.by_org[org].opened}`), 'the opened count is in the CSV');

      // On A4 (12 mm margins: 186 mm, about 703 CSS px) the report fits across, without the page's chrome.
      await tab.emulateMedia({ media: 'print' });
      const size = tab.viewportSize();
      await tab.setViewportSize({ width: 703, height: 1000 });
      try {
        assert.ok(await horizontalOverflow(tab) <= 0, 'the printed report fits the width of A4');
        assert.equal(await tab.locator('.topbar').isVisible(), false, 'no top bar on paper');
        assert.equal(await tab.locator('#km-form').isVisible(), false, 'no controls on paper');
        assert.ok(await tab.locator('#chart-requests svg').isVisible(), 'the charts are printed');
      } finally {
        await tab.emulateMedia({ media: 'screen' });
        await tab.setViewportSize(size);
      }
      if (SCREENSHOTS && org === 'client') {
        await tab.setViewportSize({ width: 1280, height: 1400 });
        await tab.screenshot({ path: join(SCREENSHOTS, 'km-performance.png') });
        await tab.setViewportSize(size);
      }
    });

    step(`4. ${org}: the km_lead reads the alignment, approves a suggestion and rejects a waiting mapping in place`, async () => {
      const tab = tabs[user];
      await open(tab, `#reports=alignment&org=${org}`);
      await tab.locator('#chart-coverage').waitFor();
      const before = await stack.api(user, `/api/taxonomy/alignment?org=${org}`);
      const c = before.coverage;
      assert.equal(await tab.locator('#glance-concepts .glance-value').textContent(), `${c.mapped_concepts} of ${c.local_concepts}`);
      assert.equal(await tab.locator('#glance-items .glance-value').textContent(), `${c.items_reaching_shared} of ${c.items}`);
      assert.equal(await tab.locator('#glance-unmapped .glance-value').textContent(), String(before.unmapped.length));
      const coverage = await chartData(tab, 'chart-coverage');
      assert.ok(coverage.labelled && coverage.axisLabels.length === 2);
      const rows = Object.values(coverage.rows);
      assert.equal(rows.reduce((n, [mapped]) => n + mapped, 0), c.mapped_concepts, 'mapped concepts add up to the report\'s');
      assert.equal(rows.reduce((n, [mapped, not]) => n + mapped + not, 0), c.local_concepts, 'all local concepts are counted once');
      assert.equal(await tab.locator('#align-unmapped tbody tr').count(), before.unmapped.length);
      if (SCREENSHOTS && org === 'client') {
        const size = tab.viewportSize();
        await tab.setViewportSize({ width: 1280, height: 1200 });
        await tab.screenshot({ path: join(SCREENSHOTS, 'alignment.png') });
        await tab.setViewportSize(size);
      }

      // The first suggestion's best candidate, approved in place.
      const suggestion = before.suggestions.find((s) => s.candidates.length > 0);
      const candidate = suggestion.candidates[0];
      const card = tab.locator(`.suggestion-card[data-concept="${suggestion.concept}"]`);
      await card.locator(`.candidate[data-target="${candidate.target}"]`).first().locator('button.approve').click();
      const effect = tab.locator('#align-effect');
      await tab.locator('#align-effect', { hasText: /^Approved: / }).waitFor();
      const after = await stack.api(user, `/api/taxonomy/alignment?org=${org}`);
      assert.equal(after.coverage.mapped_concepts, c.mapped_concepts + 1, 'one more concept is mapped');
      assert.match(await effect.textContent(), new RegExp(`\\d+ items? re-indexed\\. Local concepts mapped: ${after.coverage.mapped_concepts} of ${c.local_concepts} \\(\\d+%\\), was ${c.mapped_concepts};`));
      await tab.locator('#glance-concepts .glance-value', { hasText: `${after.coverage.mapped_concepts} of ${c.local_concepts}` }).waitFor();
      assert.equal(await tab.locator(`.suggestion-card[data-concept="${suggestion.concept}"]`).count(), 0, 'the concept has left the suggestions');
      const { mappings } = await stack.api(user, `/api/taxonomy/mappings?scheme=${org}`);
      assert.equal(mappings.find((m) => m.source === suggestion.concept && m.target === candidate.target)?.status, 'approved');
      // A mapping waiting for a decision, rejected in place.
      const waiting = mappings.filter((m) => m.status === 'proposed');
      if (org === 'client') assert.ok(waiting.length > 0, 'data/alignment.csv proposes client mappings');
      if (waiting.length) {
        const decision = tab.locator('#align-proposed .decision').first();
        const text = await decision.locator('p').first().textContent();
        const rejected = waiting.find((m) => text.startsWith(`${m.source_label} ${m.relation} ${m.target_label}`));
        assert.ok(rejected, `the first waiting mapping is one the API lists: ${text}`);
        await decision.locator('button.reject').click();
        await tab.locator('#align-effect', { hasText: `Rejected: ${rejected.source_label} ${rejected.relation} ${rejected.target_label}.` }).waitFor();
        const now = (await stack.api(user, `/api/taxonomy/mappings?scheme=${org}`)).mappings;
        assert.equal(now.find((m) => m.source === rejected.source && m.target === rejected.target).status, 'rejected');
        assert.equal(await tab.locator('#glance-waiting .glance-value').textContent(), String(waiting.length - 1));
      }
      await noNulls(tab, `alignment (${org})`);

      // The other organisation's alignment can be read, not decided.
      const other = org === 'client' ? 'partner' : 'client';
      await open(tab, `#reports=alignment&org=${other}`);
      await tab.locator('#chart-coverage').waitFor();
      assert.equal(await tab.locator('#align-suggestions button.approve').count(), 0, 'no decision on the other organisation\'s scheme');
    });
  }

  step('5. the review queue and the at-risk lists show what the API lists', async () => {
    const tab = tabs['c.amara'];
    await open(tab, '#reports=review');
    const { items } = await stack.api('c.amara', '/api/items?review=due');
    await tab.locator('#review-count', { hasText: `${items.length} item${items.length === 1 ? '' : 's'} to review.` }).waitFor();
    assert.equal(await tab.locator('#review-queue tbody tr').count(), items.length);
    await noNulls(tab, 'the review queue');
    // Two weeks on (the server's request clock), the open request is overdue.
    stack.setClock(new Date(Date.now() + 14 * 24 * 3600 * 1000));
    await open(tab, '#reports=risk');
    for (const [id, path] of [['overdue', '/api/requests?overdue=1'], ['at-risk', '/api/requests?status=at_risk']]) {
      const section = tab.locator(`#risk-${id}:not([aria-busy])`);
      await section.waitFor();
      const { requests } = await stack.api('c.amara', path);
      assert.deepEqual(await section.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id))),
        requests.map((r) => r.id), `${id}: the requests the API lists`);
      if (requests.length === 0) assert.ok(await section.locator('.empty').isVisible());
    }
    assert.ok(await tab.locator(`#risk-overdue tr[data-id="${activity.open}"] a`, { hasText: 'Outage keeps coming back' }).isVisible(),
      'the open request is listed overdue');
    await noNulls(tab, 'at risk and overdue');
  });

  step('6. at 360 px the search and item views do not scroll sideways and results start near the top', async () => {
    const tab = tabs['c.niamh'];
    await tab.bringToFront();
    await tab.setViewportSize({ width: 360, height: 740 });
    await open(tab, '#q=case+escalation');
    await tab.locator('#status', { hasText: /results? for/ }).waitFor();
    assert.equal(await horizontalOverflow(tab), 0, 'search results: no sideways scroll');
    const top = await tab.locator('#results li.result').first().evaluate((n) => n.getBoundingClientRect().top);
    assert.ok(top < 450, `the first result starts ${top} px down`);
    assert.equal(await tab.locator('#facets').isVisible(), false, 'the facets are folded away');
    await tab.locator('#facets-toggle').click();
    assert.equal(await tab.locator('#facets').isVisible(), true, 'the Filters button unfolds them');
    assert.equal(await tab.locator('#facets-toggle').getAttribute('aria-expanded'), 'true');
    await noNulls(tab, 'the search at 360 px');
    for (const id of ['cl-023', `answer-${activity.answered}`]) {
      await open(tab, `#item=${id}`);
      await tab.locator('#item-view #item-title').waitFor();
      assert.equal(await horizontalOverflow(tab), 0, `item ${id}: no sideways scroll`);
      await noNulls(tab, `item ${id}`);
    }
    // The accepted answer says its answer once.
    const text = await tab.locator('#item-view .content').innerText();
    assert.equal(text.split('Book a line test and refer it to second line.').length - 1, 1, 'the answer once on its page');
    // The requester's own requests: no "null", no due time once resolved.
    await open(tab, `#request=${activity.answered}`);
    await tab.locator('.request-meta', { hasText: 'Resolved' }).waitFor();
    assert.doesNotMatch(await tab.locator('.request-meta').textContent(), /due/, 'a resolved request has no due time');
    assert.equal(await horizontalOverflow(tab), 0, 'a request: no sideways scroll');
    await noNulls(tab, 'a resolved request');
    await open(tab, `#request=${activity.open}`);
    await tab.locator('#request-title').waitFor();
    assert.match(await tab.locator('.request-meta').textContent(), /due /, 'an open request has its due time');
    await noNulls(tab, 'an open request');
  });

  step('7. the sort menu says what the page shows, routing preselects nothing, the focus ring stands out', async () => {
    const tab = tabs['c.amara'];
    await open(tab, '#');
    await tab.locator('#status', { hasText: /items, newest first/ }).waitFor();
    assert.equal(await tab.locator('#sort').inputValue(), 'newest', 'no query: the menu says newest, as the list is');
    await open(tab, `#request=${activity.open}`);
    await tab.locator('#route-community option:not([value=""])').first().waitFor({ state: 'attached' });
    assert.equal(await tab.locator('#route-community').inputValue(), '', 'no community is chosen for the lead');
    await tab.locator('#q').focus();
    await tab.keyboard.press('Tab');
    const ratio = await tab.evaluate(() => {
      const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
      const lum = (c) => {
        const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const focused = document.activeElement;
      const ring = lum(rgb(getComputedStyle(focused).outlineColor));
      const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return getComputedStyle(focused).outlineStyle === 'none' ? 0 : (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
    });
    assert.ok(ratio >= 3, `the focus ring's contrast on the page is ${ratio.toFixed(2)}:1`);
  });

  step('the pages made no request off 127.0.0.1 and threw no error', async () => {
    assert.deepEqual(stack.offHostRequests, []);
    assert.deepEqual(stack.pageErrors, []);
  });
});
