// A small, safe reading of the Markdown that item bodies are written in: paragraphs,
// headings, bullet and numbered lists, **bold**, *emphasis* and `code`. It builds DOM nodes
// from text, so nothing in a body can become markup.
import { el } from './dom.js';

export function renderMarkdown(text) {
  const out = document.createDocumentFragment();
  for (const block of String(text ?? '').replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
    if (heading && lines.length === 1) {
      out.append(el(`h${Math.min(6, heading[1].length + 2)}`, {}, inline(heading[2])));
    } else if (lines.every((line) => /^\s*([-*+]|\d+[.)])\s+/.test(line) || /^\s{2,}\S/.test(line))) {
      out.append(list(lines));
    } else {
      out.append(el('p', {}, inline(lines.join(' '))));
    }
  }
  return out;
}

function list(lines) {
  const ordered = /^\s*\d+[.)]\s+/.test(lines[0]);
  const items = [];
  for (const line of lines) {
    const match = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (match) items.push([match[1]]);
    else items.at(-1)?.push(line.trim());   // an indented continuation of the item above
  }
  return el(ordered ? 'ol' : 'ul', {}, items.map((parts) => el('li', {}, inline(parts.join(' ')))));
}

// **bold**, *em* / _em_, `code`; everything else stays text.
function inline(text) {
  const nodes = [];
  const pattern = /\*\*(.+?)\*\*|`([^`]+)`|\*(\S(?:.*?\S)?)\*|\b_(\S(?:.*?\S)?)_\b/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) nodes.push(text.slice(at, match.index));
    if (match[1] !== undefined) nodes.push(el('strong', {}, match[1]));
    else if (match[2] !== undefined) nodes.push(el('code', {}, match[2]));
    else nodes.push(el('em', {}, match[3] ?? match[4]));
    at = match.index + match[0].length;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}
