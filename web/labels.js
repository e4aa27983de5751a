// Concept labels by id. Search answers carry labels; an item's own concepts are bare ids,
// so the caller's concept schemes are fetched once, on demand, to name them.
import { api } from './api.js';

const labels = new Map();
const loadedSchemes = new Map();

export function remember(id, label) {
  if (id && label) labels.set(id, label);
}

export function rememberFacets(facets) {
  for (const entry of facets?.concept ?? []) remember(entry.value, entry.label);
}

export function rememberResults(results) {
  for (const result of results ?? []) {
    for (const concept of result.concepts ?? []) remember(concept.id, concept.label);
  }
}

export function labelFor(id) {
  return labels.get(id) ?? id;
}

// Fetch the schemes (client:..., partner:..., shared:...) these ids belong to; a scheme that
// fails to load leaves its ids shown as they are.
export async function loadLabels(ids) {
  const schemes = new Set(ids.filter((id) => !labels.has(id)).map((id) => id.split(':')[0]));
  await Promise.all([...schemes].map(loadScheme));
}

function loadScheme(scheme) {
  if (!loadedSchemes.has(scheme)) {
    const loading = api('/api/taxonomy/concepts', { params: { scheme } })
      .then((data) => walk(data?.concepts ?? []))
      .catch(() => loadedSchemes.delete(scheme));
    loadedSchemes.set(scheme, loading);
  }
  return loadedSchemes.get(scheme);
}

function walk(concepts) {
  for (const concept of concepts) {
    remember(concept.id, concept.label);
    walk(concept.children ?? []);
  }
}
