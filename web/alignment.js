// The alignment report of one organisation (GET /api/taxonomy/alignment): coverage at a glance,
// a chart of coverage by top-level concept, the mappings waiting for a decision and the
// suggested ones (approved or rejected in place: POST /api/taxonomy/mappings, then
// /approve or /reject, with the effect shown), unmapped local concepts, shared concepts where
// knowledge flows one way, and conflicts.
import { api, describeError } from './api.js';
import { el, clear, append, orgName } from './dom.js';
import { reportsHash } from './state.js';
import { chart, percent, plain } from './charts.js';
import { organisations } from './reports.js';

let lastEffect = null;   // {org, text}: what the last decision changed, shown again after the redraw

function mayDecide(user, org) {
  const roles = user?.roles ?? [];
  return roles.includes('admin') || (roles.includes('km_lead') && user.org === org);
}

export async function renderAlignment(body, state, user) {
  const error = el('p', { class: 'error', role: 'alert', id: 'align-error' });
  const effect = el('p', { class: 'effect', role: 'status', id: 'align-effect', tabindex: '-1' });
  const out = el('div', { id: 'align-out', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading the alignment…'));
  const select = el('select', { id: 'align-org' });
  const form = el('form', { class: 'report-controls' }, el('label', { for: 'align-org' }, 'Organisation'), select,
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = reportsHash('alignment', { org: select.value });
  });
  body.append(el('h3', { class: 'report-heading', id: 'align-heading' }, 'Taxonomy alignment'), form, effect, error, out);
  try {
    const orgs = await organisations();
    for (const o of orgs) select.append(el('option', { value: o.id }, orgName(o.id)));
    const org = orgs.some((o) => o.id === state.org) ? state.org
      : (orgs.some((o) => o.id === user.org) ? user.org : orgs[0]?.id);
    select.value = org;
    body.querySelector('#align-heading').textContent = `Taxonomy alignment: ${orgName(org)}`;
    if (lastEffect?.org === org) effect.textContent = lastEffect.text;
    lastEffect = null;   // said once: coming back later shows no stale news
    const scheme = await schemeOf(org);
    const [report, { mappings }, { concepts }] = await Promise.all([
      api('/api/taxonomy/alignment', { params: { org } }),
      api('/api/taxonomy/mappings', { params: { scheme } }),
      api('/api/taxonomy/concepts', { params: { scheme } }),
    ]);
    const decide = mayDecide(user, org) ? (action, m) => decideMapping(action, m, org, report, body, state, user, error) : null;
    clear(out).append(
      glance(report, mappings),
      coverageChart(concepts, mappings),
      oneWaySection(report, org),
      unmappedSection(report),
      conflictsSection(report),
      proposedSection(mappings, decide),
      suggestionsSection(report, mappings, decide));
  } catch (err) {
    clear(out);
    error.textContent = describeError(err);
  } finally {
    out.removeAttribute('aria-busy');
  }
}

async function schemeOf(org) {
  const { schemes } = await api('/api/taxonomy/schemes');
  const scheme = schemes.find((s) => s.org === org);
  if (!scheme) throw new Error(`no concept scheme for ${org}`);
  return scheme.id;
}

function share(n, d) {
  return d ? ` (${percent(n / d)})` : '';
}

function glance(report, mappings) {
  const c = report.coverage;
  const waiting = mappings.filter((m) => m.status === 'proposed').length;
  const figure = (id, value, label) => el('div', { class: 'glance-figure', id },
    el('span', { class: 'glance-value' }, value), el('span', { class: 'glance-label' }, label));
  return el('section', { class: 'glance', 'aria-label': 'Coverage at a glance' },
    figure('glance-concepts', `${c.mapped_concepts} of ${c.local_concepts}`, `local concepts mapped${share(c.mapped_concepts, c.local_concepts)}`),
    figure('glance-items', `${c.items_reaching_shared} of ${c.items}`, `items reach the shared scheme${share(c.items_reaching_shared, c.items)}`),
    figure('glance-unmapped', plain(report.unmapped.length), 'unmapped concepts'),
    figure('glance-oneway', plain(report.one_way.length), 'shared concepts with one-way flow'),
    figure('glance-conflicts', plain(report.conflicts.length), 'conflicts'),
    figure('glance-waiting', plain(waiting), 'mappings waiting for a decision'));
}

// Mapped and unmapped local concepts under each top-level concept (approved mappings count).
function coverageChart(tree, mappings) {
  const approved = new Set(mappings.filter((m) => m.status === 'approved').map((m) => m.source));
  const under = (node, seen) => {
    seen.add(node.id);
    for (const child of node.children ?? []) under(child, seen);
    return seen;
  };
  const tops = tree.map((node) => ({ label: node.label || node.id, ids: [...under(node, new Set())] }));
  return chart({
    id: 'chart-coverage', title: 'Coverage by top-level concept', xLabel: 'Top-level concept', yLabel: 'Local concepts',
    categories: tops.map((t) => t.label), yFloor: 4,
    series: [
      { name: 'Mapped to the shared scheme', values: tops.map((t) => t.ids.filter((id) => approved.has(id)).length) },
      { name: 'Not mapped', values: tops.map((t) => t.ids.filter((id) => !approved.has(id)).length) },
    ],
    note: 'Each top-level concept with the concepts under it; mapped means an approved mapping.',
  });
}

function mappingText(m) {
  return [el('span', { class: 'concept-name' }, m.source_label || m.source), ` ${m.relation} `,
    el('span', { class: 'concept-name' }, m.target_label || m.target)];
}

function proposedSection(mappings, decide) {
  const waiting = mappings.filter((m) => m.status === 'proposed');
  return el('section', { class: 'report-section', id: 'align-proposed', 'aria-labelledby': 'proposed-title' },
    el('h4', { id: 'proposed-title' }, 'Mappings waiting for a decision'),
    waiting.length ? el('ul', { class: 'decision-list' }, waiting.map((m) => el('li', { class: 'decision' },
      el('p', {}, ...mappingText(m), el('span', { class: 'muted' }, ` · confidence ${percent(m.confidence)} · ${m.provenance}`)),
      m.note ? el('p', { class: 'muted' }, m.note) : null,
      decisionButtons(decide, { source: m.source, target: m.target, relation: m.relation, propose: false }))))
      : el('p', { class: 'muted' }, 'None: every proposed mapping has been decided.'));
}

function suggestionsSection(report, mappings, decide) {
  const decided = new Map(mappings.filter((m) => m.status !== 'proposed').map((m) => [`${m.source} ${m.target}`, m]));
  return el('section', { class: 'report-section', id: 'align-suggestions', 'aria-labelledby': 'suggestions-title' },
    el('h4', { id: 'suggestions-title' }, 'Suggested mappings for unmapped concepts'),
    report.suggestions.length ? el('ul', { class: 'suggestion-list' }, report.suggestions.map((s) => el('li', { class: 'suggestion-card', 'data-concept': s.concept },
      el('p', {}, el('strong', {}, s.label || s.concept), el('span', { class: 'muted' }, ` ${s.concept}`)),
      s.candidates.length ? candidateList(s, s.candidates.slice(0, 1), decided, decide) : el('p', { class: 'muted' }, 'No candidate in the shared scheme.'),
      s.candidates.length > 1 ? el('details', {}, el('summary', {}, `${s.candidates.length - 1} other candidate${s.candidates.length > 2 ? 's' : ''}`),
        candidateList(s, s.candidates.slice(1), decided, decide, 2)) : null)))
      : el('p', { class: 'muted' }, 'No suggestion: every local concept is mapped.'));
}

// The candidates of one suggestion, best first, each with its evidence and the decision.
function candidateList(s, candidates, decided, decide, start = 1) {
  return el('ol', { class: 'candidates', start: String(start) }, candidates.map((c) => {
    const earlier = decided.get(`${s.concept} ${c.target}`);
    return el('li', { class: 'candidate', 'data-target': c.target },
      el('p', {}, `${c.relation} `, el('span', { class: 'concept-name' }, c.label || c.target),
        el('span', { class: 'muted' }, ` ${c.target} · confidence ${percent(c.confidence)}`)),
      c.evidence?.length ? el('ul', { class: 'evidence' }, c.evidence.map((e) => el('li', {}, e))) : null,
      earlier ? el('p', { class: 'muted' }, `Already ${earlier.status} by ${earlier.updated_by}.`)
        : decisionButtons(decide, { source: s.concept, target: c.target, relation: c.relation, confidence: c.confidence, propose: true }));
  }));
}

function decisionButtons(decide, mapping) {
  if (!decide) return el('p', { class: 'muted' }, 'Only this organisation\'s km_lead (or an admin) decides.');
  return el('p', { class: 'decide' },
    el('button', { type: 'button', class: 'approve', onclick: () => decide('approve', mapping) }, 'Approve'), ' ',
    el('button', { type: 'button', class: 'reject secondary', onclick: () => decide('reject', mapping) }, 'Reject'));
}

// A suggestion is proposed first (the API decides only on a mapping it holds), then decided;
// the effect — items re-indexed, coverage before and after — is shown once the view is redrawn.
async function decideMapping(action, m, org, before, body, state, user, error) {
  error.textContent = '';
  for (const button of body.querySelectorAll('.decide button')) button.disabled = true;
  try {
    if (m.propose) {
      await api('/api/taxonomy/mappings', {
        method: 'POST',
        body: { source: m.source, target: m.target, relation: m.relation, confidence: m.confidence, note: 'suggested by the alignment report' },
      });
    }
    const answer = await api(`/api/taxonomy/mappings/${action}`, { method: 'POST', body: { source: m.source, target: m.target } });
    const after = await api('/api/taxonomy/alignment', { params: { org } });
    const b = before.coverage;
    const a = after.coverage;
    const d = answer.mapping;
    lastEffect = {
      org,
      text: `${action === 'approve' ? 'Approved' : 'Rejected'}: ${d.source_label || d.source} ${d.relation} ${d.target_label || d.target}. `
        + `${answer.reindexed_items} item${answer.reindexed_items === 1 ? '' : 's'} re-indexed. `
        + `Local concepts mapped: ${a.mapped_concepts} of ${a.local_concepts}${share(a.mapped_concepts, a.local_concepts)}, was ${b.mapped_concepts}; `
        + `items reaching the shared scheme: ${a.items_reaching_shared} of ${a.items}, was ${b.items_reaching_shared}.`,
    };
    clear(body);
    await renderAlignment(body, { ...state, org }, user);
    body.querySelector('#align-effect')?.focus?.();
  } catch (err) {
    error.textContent = describeError(err);
    for (const button of body.querySelectorAll('.decide button')) button.disabled = false;
  }
}

function table(id, headings, rows) {
  return el('table', { id },
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
}

function unmappedSection(report) {
  return el('section', { class: 'report-section', 'aria-labelledby': 'unmapped-title' },
    el('h4', { id: 'unmapped-title' }, 'Unmapped local concepts, by items and search demand'),
    report.unmapped.length
      ? table('align-unmapped', ['Concept', 'Items', 'Searches using its labels'],
        report.unmapped.map((u) => [[u.label || u.concept, el('span', { class: 'muted' }, ` ${u.concept}`)], plain(u.items), plain(u.demand)]))
      : el('p', { class: 'muted' }, 'Every local concept is mapped.'));
}

function oneWaySection(report, org) {
  return el('section', { class: 'report-section', 'aria-labelledby': 'oneway-title' },
    el('h4', { id: 'oneway-title' }, 'Shared concepts where knowledge flows one way'),
    report.one_way.length
      ? table('align-oneway', ['Shared concept', 'Only from', 'Items'],
        report.one_way.map((w) => [w.label || w.concept, `${orgName(w.only_org)}${w.only_org === org ? ' (yours)' : ''}`,
          plain(Object.values(w.counts ?? {}).reduce((a, b) => a + b, 0))]))
      : el('p', { class: 'muted' }, 'Knowledge flows both ways on every shared concept with items.'));
}

function conflictsSection(report) {
  return el('section', { class: 'report-section', 'aria-labelledby': 'conflicts-title' },
    el('h4', { id: 'conflicts-title' }, 'Conflicts'),
    report.conflicts.length
      ? el('ul', { id: 'align-conflicts' }, report.conflicts.map((c) => el('li', {}, c.detail)))
      : el('p', { class: 'muted' }, 'No conflict.'));
}
