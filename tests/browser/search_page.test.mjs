// Browser test of the search page (web/): loads the sample data into a temporary store the way
// scripts/run.sh does, starts km-server on 127.0.0.1 and a free port, and drives Debian's
// headless Chromium through playwright-core like a worker would: sign in with #token=, search,
// read results, filter by a facet, see a query error, open an item, reload, check that a
// partner cannot open a client-only item, turn a search into a request that an offered item
// answers, pick a suggestion with the keyboard, vote, page, and take a request from question to
// accepted answer (worker and expert, each in their own tab), and have a km_lead route a request no
// rule covers.
//
//   cd tests/browser && npm ci && node --test
//
// The server, the data and the browser come from harness.mjs (its environment variables too).
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Stack, SETUP_TIMEOUT, SOURCE_DIR, readJsonl, waitForSignedIn } from './harness.mjs';

const SUITE_TIMEOUT = 90_000;       // the whole file

const stack = new Stack();
const step = (name, fn) => stack.step(name, fn);
let base = '';
let tokens = new Map();
let page = null;                    // c.amara's tab
const newTab = () => stack.newTab();

// A client-only item (visibility "org", org "client") that a partner user must not see.
const clientOnly = readJsonl(join(SOURCE_DIR, 'data', 'items', 'client', 'items.jsonl'))
  .find((item) => item.org === 'client' && item.visibility === 'org' && item.status === 'validated');

// The number in "91 results for “case escalation”" / "about 1,234 results for …".
async function shownTotal(p = page) {
  const text = await p.locator('#status').textContent();
  const match = /^(?:about )?([\d,]+) results? for/.exec(text.trim());
  assert.ok(match, `status line should give a result count, got ${JSON.stringify(text)}`);
  return Number(match[1].replace(/,/g, ''));
}

// The search view is shown and its last search has answered (runSearch marks the results
// column aria-busy until then). Call it only once the render is known to have started.
async function searchSettled(p = page) {
  await p.waitForFunction(() => document.getElementById('item-view').hidden
    && !document.querySelector('.results-col').hasAttribute('aria-busy'));
}

async function search(q, p = page) {
  const box = p.locator('#q');
  await box.fill('');
  await box.pressSequentially(q);
  await box.press('Enter');
}

describe('search page', { timeout: SUITE_TIMEOUT }, () => {
  before(async () => {
    assert.ok(clientOnly, 'data/items/client/items.jsonl should hold a validated org-only client item');
    await stack.start();
    ({ base, tokens, page } = stack);
    for (const user of ['c.amara', 'p.jonas']) {
      assert.match(tokens.get(user) ?? '', /^km_[0-9a-f]{64}$/, `a token for ${user}`);
    }
  }, { timeout: SETUP_TIMEOUT });

  after(() => stack.stop(), { timeout: SETUP_TIMEOUT });

  step('1. #token= signs in, shows who is signed in, and leaves the URL', async () => {
    const token = tokens.get('c.amara');
    await page.goto(`${base}/#token=${token}`);
    await waitForSignedIn(page, 'Amara Okafor', 'client');
    assert.ok(!page.url().includes(token), `the token should leave the URL: ${page.url()}`);
    assert.ok(!page.url().includes('token='), `no token= in the URL: ${page.url()}`);
    // With no query the page lists the newest items.
    await page.locator('#status', { hasText: /items, newest first/ }).waitFor();
    assert.ok(await page.locator('#results li.result').count() > 0, 'the newest items are listed');
  });

  step('1b. a long facet lists 8 topics, and "Show all" fetches and lists every one', async () => {
    const topics = page.locator('section.facet-group', { has: page.locator('h3', { hasText: 'Topic' }) });
    const more = topics.locator('button.more');
    await more.waitFor();
    const all = Number(/^Show all (\d+)$/.exec((await more.textContent()).trim())?.[1]);
    assert.ok(all > 10, `the newest items hold more than 10 topics, "Show all" says ${all}`);
    assert.equal(await topics.locator('button.facet').count(), 8, 'the first 8 are listed');
    await more.click();
    await page.waitForFunction((n) => [...document.querySelectorAll('section.facet-group')]
      .find((g) => g.querySelector('h3')?.textContent === 'Topic')?.querySelectorAll('button.facet').length === n, all);
    assert.equal(await topics.locator('button.more').count(), 0, 'no "Show all" once all are listed');
  });

  step('2. "case escalation" finds both organisations\' items, explains why, and a facet narrows it', async () => {
    await search('case escalation');
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    assert.match(await page.locator('#status q').textContent(), /^case escalation$/);
    const total = await shownTotal();
    assert.ok(total > 1, `more than one result, got ${total}`);
    const cards = page.locator('#results li.result');
    assert.ok(await cards.count() >= 2, 'result cards are listed');
    assert.match(page.url(), /#q=case\+escalation$/);

    // A partner item found through the taxonomy says why: the partner's own words.
    const partnerWhy = cards
      .filter({ has: page.locator('.badge.org', { hasText: 'Helix (partner)' }) })
      .filter({ has: page.locator('.why li', { hasText: /ticket|referral/i }) });
    assert.ok(await partnerWhy.count() >= 1, 'a partner result whose "why" names ticket or referral');
    const whyText = await partnerWhy.first().locator('.why').innerText();
    assert.match(whyText, /Matched across vocabularies/);
    assert.match(whyText, /partner "(Ticket|Referral)"/);

    // Snippets highlight the matches with <mark>, and only with <mark>.
    const marks = page.locator('#results .snippet mark');
    assert.ok(await marks.count() > 0, 'snippets contain <mark> elements');
    const marked = (await marks.allTextContents()).join(' ');
    assert.match(marked, /case|escalat|ticket|referr/i);
    const otherTags = await page.locator('#results .snippet *:not(mark)').count();
    assert.equal(otherTags, 0, 'snippets keep no markup other than <mark>');

    // Facet: Organisation = Helix (partner) narrows to its count and becomes a removable chip.
    const facet = page.locator('#facets button.facet', { hasText: 'Helix (partner)' });
    assert.equal(await facet.getAttribute('aria-pressed'), 'false');
    const facetCount = Number(await facet.locator('.count').evaluate((n) => n.firstChild.textContent));
    assert.ok(facetCount > 0 && facetCount < total, `partner facet count ${facetCount} of ${total}`);
    await facet.click();
    const chip = page.locator('#active-filters button.chip', { hasText: 'Organisation: Helix (partner)' });
    await chip.waitFor();
    await page.locator('#status', { hasText: new RegExp(`^${facetCount} results? for`) }).waitFor();
    assert.equal(await shownTotal(), facetCount);
    assert.match(page.url(), /[#&]org=partner(&|$)/);
    assert.equal(await page.locator('#facets button.facet', { hasText: 'Helix (partner)' }).getAttribute('aria-pressed'), 'true');
    const orgs = await page.locator('#results li.result .badge.org').allTextContents();
    assert.ok(orgs.length > 0);
    assert.deepEqual([...new Set(orgs)], ['Helix (partner)'], 'only partner results are left');
    assert.equal(await chip.getAttribute('aria-label'), 'Remove filter Organisation: Helix (partner)');

    // Removing the chip brings the whole answer back.
    await chip.click();
    await page.locator('#status', { hasText: new RegExp(`^${total.toLocaleString('en-GB')} results? for`) }).waitFor();
    assert.equal(await page.locator('#active-filters button.chip').count(), 0, 'no active filter left');
    assert.doesNotMatch(page.url(), /org=/);
  });

  step('3. a malformed query shows the server\'s 400 message', async () => {
    await search('"unclosed');
    const error = page.locator('#search-error');
    await page.locator('#search-error', { hasText: /unbalanced quote/i }).waitFor();
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.ok(await error.isVisible(), 'the error is visible');
    assert.match(await error.textContent(), /^The query has an unbalanced quote \("\)\.$/);
    assert.equal(await page.locator('#results li.result').count(), 0, 'no stale results under the error');
    assert.equal((await page.locator('#status').textContent()).trim(), '', 'no stale result count');
  });

  step('4. opening a result shows the item and similar items', async () => {
    await search('case escalation');
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    assert.equal(await page.locator('#search-error').textContent(), '', 'the error is gone');
    const firstLink = page.locator('#results li.result h3 a').first();
    const title = (await firstLink.textContent()).trim();
    assert.ok(title.length > 0);
    await firstLink.click();
    const heading = page.locator('#item-view #item-title');
    await heading.waitFor();
    assert.equal((await heading.textContent()).trim(), title);
    assert.match(page.url(), /#item=[^&]+&sid=\d+$/);
    assert.equal(await page.locator('#search-view').isVisible(), false, 'the result list is hidden');
    assert.ok(await page.locator('#item-view .metadata dd code').isVisible(), 'the item id is shown');

    const similar = page.locator('#item-view .similar-list li a');
    await similar.first().waitFor();
    const similarTitles = (await similar.allTextContents()).map((t) => t.trim());
    assert.ok(similarTitles.length >= 1, 'at least one similar item');
    assert.ok(!similarTitles.includes(title), 'the item is not similar to itself');
    assert.ok(await page.locator('#item-view', { hasText: 'Did this help?' }).isVisible());
    assert.equal(await page.title(), `${title} – Knowledge Market`);

    // Back to results returns to the same search.
    const statusBefore = await page.locator('#status').textContent();
    await page.locator('#item-view a', { hasText: 'Back to results' }).click();
    await searchSettled();
    assert.equal(await page.locator('#q').inputValue(), 'case escalation');
    assert.equal(await page.locator('#status').textContent(), statusBefore);
    assert.match(page.url(), /#q=case\+escalation$/);
  });

  step('5. reload keeps the search, its filter and the sign-in', async () => {
    const total = await shownTotal();
    await page.locator('#facets button.facet', { hasText: 'Helix (partner)' }).click();
    await page.locator('#active-filters button.chip', { hasText: 'Organisation: Helix (partner)' }).waitFor();
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    const filtered = await shownTotal();
    assert.ok(filtered < total);
    const urlBefore = page.url();
    const titlesBefore = await page.locator('#results li.result h3').allTextContents();

    await page.reload();
    await waitForSignedIn(page, 'Amara Okafor', 'client');
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    assert.equal(page.url(), urlBefore);
    assert.equal(await page.locator('#q').inputValue(), 'case escalation');
    assert.equal(await shownTotal(), filtered);
    assert.ok(await page.locator('#active-filters button.chip', { hasText: 'Organisation: Helix (partner)' }).isVisible());
    assert.deepEqual(await page.locator('#results li.result h3').allTextContents(), titlesBefore);

    // Back (history) undoes the filter.
    await page.goBack();
    await page.locator('#status', { hasText: new RegExp(`^${total.toLocaleString('en-GB')} results? for`) }).waitFor();
    assert.equal(await page.locator('#active-filters button.chip').count(), 0);
  });

  step('6. a partner cannot open a client-only item by its #item= link', async () => {
    // The client's km_lead sees it: the item exists.
    await page.goto(`${base}/#item=${encodeURIComponent(clientOnly.id)}`);
    await page.locator('#item-view #item-title', { hasText: clientOnly.title }).waitFor();

    // A partner in a fresh tab (its own session storage) gets the same "not found" as for a missing id.
    const partnerTab = await newTab();
    try {
      await partnerTab.goto(`${base}/#token=${tokens.get('p.jonas')}`);
      await waitForSignedIn(partnerTab, 'Jonas Becker', 'partner');
      assert.ok(!partnerTab.url().includes('token='));
      // Let the first (newest items) search answer: see the report on aborted searches.
      await partnerTab.locator('#status', { hasText: /items, newest first/ }).waitFor();
      await searchSettled(partnerTab);
      await partnerTab.goto(`${base}/#item=${encodeURIComponent(clientOnly.id)}`);
      const message = partnerTab.locator('#item-view [role=alert]');
      await partnerTab.locator('#item-view [role=alert]', { hasText: /not found/i }).waitFor();
      assert.match(await message.textContent(), /^Not found — it does not exist, or you may not see it\.$/);
      assert.equal(await partnerTab.locator('#item-title').count(), 0, 'no item heading');
      const body = await partnerTab.locator('body').innerText();
      assert.ok(!body.includes(clientOnly.title), 'the client-only title is not shown');
      assert.ok(!(await partnerTab.title()).includes(clientOnly.title), 'nor in the window title');

      // A search for its own title words does not reveal it either.
      await partnerTab.locator('#item-view a', { hasText: 'Back to results' }).click();
      await searchSettled(partnerTab);
      await partnerTab.locator('#status', { hasText: /items, newest first/ }).waitFor();
      await search(clientOnly.title.split(' ').slice(0, 4).join(' '), partnerTab);
      await partnerTab.locator('#status', { hasText: /results? for/ }).waitFor();
      const titles = await partnerTab.locator('#results li.result h3').allTextContents();
      assert.ok(!titles.includes(clientOnly.title), 'the client-only item is not in the partner\'s results');
    } finally {
      await partnerTab.close();
    }
  });

  step('7. a search that did not answer becomes a routed request, and an offered item closes it', async () => {
    await page.goto(`${base}/`);
    await searchSettled();
    await search('outage keeps coming back for one customer');
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    await page.locator('#ask-prompt button', { hasText: 'Ask the community' }).click();
    await page.locator('#ask-title').waitFor();
    assert.equal(await page.locator('#ask-question').inputValue(), 'outage keeps coming back for one customer');
    assert.match(await page.locator('#ask-details').inputValue(), /Searched first for: "outage keeps coming back/);

    // An empty question is refused on the page, without a request.
    await page.locator('#ask-question').fill('  ');
    await page.locator('#ask button[type=submit]').click();
    await page.locator('#ask-error', { hasText: 'Write your question first.' }).waitFor();

    await page.locator('#ask-question').fill('Outage keeps coming back for one customer: what do we do?');
    await page.locator('#ask-priority').selectOption('high');
    await page.locator('#ask button[type=submit]').click();
    const status = page.locator('#ask-status');
    await status.waitFor();
    const sent = /^Request #(\d+) sent to the (\S+) community\. An answer is due by .+\.$/.exec((await status.textContent()).trim());
    assert.ok(sent, `a routed request with a due time, got ${JSON.stringify(await status.textContent())}`);
    const id = Number(sent[1]);

    // The server has it, as sent, routed and high priority.
    const headers = { Authorization: `Bearer ${tokens.get('c.amara')}` };
    let stored = await (await fetch(`${base}/api/requests/${id}`, { headers })).json();
    assert.equal(stored.question, 'Outage keeps coming back for one customer: what do we do?');
    assert.equal(stored.priority, 'high');
    assert.equal(stored.status, 'routed');
    assert.equal(stored.community, sent[2]);

    // An item offered at once answers it: the request is closed as deflected.
    const offered = page.locator('#ask-outcome .ask-suggestions li').first();
    const title = (await offered.locator('a').textContent()).trim();
    await offered.locator('button', { hasText: 'This answers my question' }).click();
    await page.locator('#ask-status', { hasText: `Request #${id} closed` }).waitFor();
    assert.ok((await page.locator('#ask-status').textContent()).includes(`“${title}” answered it`));
    stored = await (await fetch(`${base}/api/requests/${id}`, { headers })).json();
    assert.equal(stored.status, 'resolved');
    assert.equal(stored.resolution, 'deflected');
  });

  step('8. suggestions complete titles, the keyboard opens one, a vote is counted, and paging pages', async () => {
    await page.goto(`${base}/`);
    await searchSettled();
    const box = page.locator('#q');
    await box.fill('');
    await box.pressSequentially('escal');
    const options = page.locator('#suggestions li[role=option]');
    await options.first().waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    const texts = await options.allTextContents();
    assert.ok(texts.some((t) => /^Item/.test(t) && /escal/i.test(t)), `an item title with "escal": ${texts}`);
    // Arrow down to the first item title, Enter: its page opens.
    const firstTitle = texts.findIndex((t) => /^Item/.test(t));
    for (let i = 0; i <= firstTitle; i += 1) await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), `suggestion-${firstTitle}`);
    const picked = texts[firstTitle].replace(/^Item/, '').trim();
    await box.press('Enter');
    await page.locator('#item-view #item-title', { hasText: picked }).waitFor();
    assert.equal(await page.locator('#suggestions').isHidden(), true, 'the list closes');

    // "Yes, it helped" is recorded once per user: voting again changes the vote, not the count.
    const result = page.locator('#item-view .feedback-result');
    await page.locator('#item-view button', { hasText: 'Yes, it helped' }).click();
    await page.locator('#item-view .feedback-result', { hasText: /^Thank you\. 1 found it helpful, 0 did not\.$/ }).waitFor();
    await page.locator('#item-view button', { hasText: 'No' }).click();
    await page.locator('#item-view .feedback-result', { hasText: /^Thank you\. 0 found it helpful, 1 did not\./ }).waitFor();
    assert.ok(await result.locator('button', { hasText: 'Ask the community instead' }).isVisible());

    // Paging: page 2 lists other items, and says so in the URL.
    await search('customer');
    await page.locator('#status', { hasText: /results? for/ }).waitFor();
    const total = await shownTotal();
    assert.ok(total > 10, `more than one page of results, got ${total}`);
    const pageOne = await page.locator('#results li.result h3').allTextContents();
    await page.locator('#pager a', { hasText: 'Next ›' }).click();
    await page.locator('#pager a[aria-current=page]', { hasText: '2' }).waitFor();
    await searchSettled();
    assert.match(page.url(), /[#&]page=2(&|$)/);
    const pageTwo = await page.locator('#results li.result h3').allTextContents();
    assert.ok(pageTwo.length > 0);
    assert.deepEqual(pageTwo.filter((t) => pageOne.includes(t)), [], 'no item on both pages');
  });

  step('9. a request goes from question to accepted answer on the page: worker asks, expert answers, worker accepts', async () => {
    const worker = await newTab();
    const expert = await newTab();
    try {
      // Background tabs are throttled by Chromium: bring each to the front before using it.
      // A client worker asks; the request goes to connectivity.
      await worker.bringToFront();
      await worker.goto(`${base}/#token=${tokens.get('c.niamh')}`);
      await waitForSignedIn(worker, 'Niamh', 'client');
      await searchSettled(worker);
      await search('broadband drops every evening', worker);
      await worker.locator('#status', { hasText: /results? for|Nothing found/ }).waitFor();
      await worker.locator('#ask-prompt button', { hasText: 'Ask the community' }).click();
      await worker.locator('#ask-question').fill('Broadband drops every evening for one customer after the outage was fixed: what now?');
      await worker.locator('#ask button[type=submit]').click();
      await worker.locator('#ask-status', { hasText: /sent to the connectivity community/ }).waitFor();
      await worker.locator('#ask-follow').click();
      const title = worker.locator('#request-title');
      await title.waitFor();
      const id = /^#(\d+) /.exec(await title.textContent())[1];
      await worker.locator('.request-meta', { hasText: 'Waiting for an expert' }).waitFor();
      assert.equal(await worker.locator('.request-actions').count(), 0, 'nothing for the worker to do yet');

      // A partner expert of connectivity finds it in their queue, claims it and answers.
      await expert.bringToFront();
      await expert.goto(`${base}/#token=${tokens.get('p.rahul')}`);
      await waitForSignedIn(expert, 'Rahul', 'partner');
      await expert.locator('#nav-requests').click();
      await expert.locator('.request-tabs a', { hasText: 'My queue' }).click();
      await expert.locator('#request-list a', { hasText: `#${id} ` }).click();
      await expert.locator('#request-title', { hasText: `#${id} ` }).waitFor();
      await expert.locator('button', { hasText: 'Claim it' }).click();
      await expert.locator('.request-meta', { hasText: 'An expert is on it' }).waitFor();
      await expert.locator('#answer-text').fill('Evening drops after an outage fix are a line fault: book a line test and refer it to second line.');
      await expert.locator('#answer-items').fill('pa-032');
      await expert.locator('button', { hasText: 'Send the answer' }).click();
      await expert.locator('.request-meta', { hasText: 'Answered' }).waitFor();

      // The worker sees the answer, accepts it, and it becomes a searchable item.
      await worker.bringToFront();
      await worker.reload();
      await worker.locator('#request-answers .answer-text', { hasText: 'book a line test' }).waitFor();
      assert.ok(await worker.locator('#request-answers a[href="#item=pa-032"]').isVisible(), 'the linked item is offered');
      await worker.locator('#accept-rating').selectOption('5');
      await worker.locator('button', { hasText: 'Accept the answer' }).click();
      await worker.locator('.request-meta', { hasText: 'Resolved' }).waitFor();
      const answerItem = worker.locator('#answer-item');
      await answerItem.click();
      await worker.locator('#item-view #item-title').waitFor();
      assert.match(await worker.locator('#item-view').innerText(), /book a line test/);

      // Its own list shows it resolved.
      await worker.locator('#nav-requests').click();
      await worker.locator('#request-list li', { hasText: `#${id} ` }).locator('.badge', { hasText: 'Resolved' }).waitFor();
    } finally {
      await worker.close();
      await expert.close();
    }
  });

  step('10. a request no rule routes waits for a km_lead, who routes it from the page', async () => {
    const worker = await newTab();
    const lead = await newTab();
    try {
      await worker.bringToFront();
      await worker.goto(`${base}/#token=${tokens.get('p.seun')}`);
      await waitForSignedIn(worker, 'Seun', 'partner');
      await searchSettled(worker);
      await search('zanzibarite quokka calibration', worker);
      await worker.locator('#ask-prompt button', { hasText: 'Ask the community' }).click();
      await worker.locator('#ask button[type=submit]').click();
      await worker.locator('#ask-status', { hasText: /No community owns its topic yet/ }).waitFor();
      const id = /Request #(\d+)/.exec(await worker.locator('#ask-status').textContent())[1];

      await lead.bringToFront();
      await lead.goto(`${base}/#token=${tokens.get('p.jonas')}`);
      await waitForSignedIn(lead, 'Jonas Becker', 'partner');
      await lead.locator('#nav-requests').click();
      await lead.locator('.request-tabs a', { hasText: 'To route' }).click();
      await lead.locator('#request-list a', { hasText: `#${id} ` }).click();
      await lead.locator('.request-meta', { hasText: 'Waiting for routing' }).waitFor();
      await lead.locator('#route-community option[value=connectivity]').waitFor({ state: 'attached' });
      await lead.locator('#route-community').selectOption('connectivity');
      await lead.locator('button', { hasText: /^Route$/ }).click();
      await lead.locator('.request-meta', { hasText: 'Community: connectivity' }).waitFor();
      assert.match(await lead.locator('.request-meta').textContent(), /Waiting for an expert/);
      await lead.locator('#requests-view a', { hasText: '‹ My requests' }).click();
      await lead.locator('.request-tabs a', { hasText: 'To route' }).click();
      await lead.locator('#request-list li.empty', { hasText: 'Every request has found its community.' }).waitFor();
    } finally {
      await worker.close();
      await lead.close();
    }
  });

  step('the page made no request off 127.0.0.1 and threw no error', async () => {
    assert.deepEqual(stack.offHostRequests, []);
    assert.deepEqual(stack.pageErrors, []);
  });
});
