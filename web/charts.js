// Charts drawn by the page itself as SVG (nothing is fetched from elsewhere): grouped bars and
// lines. Each chart is a <figure> with a title, axis labels, a legend, and its numbers beside
// it as a real <table> (the SVG is one image to a screen reader; the table is the data).
// Every mark carries data-series, data-category and data-value so a test can read what is drawn.
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 520;
const H = 260;
const PAD = { left: 56, right: 12, top: 14, bottom: 58 };
let nextId = 0;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// 0, a round step and a maximum at or above the data's (at least `floor`); counts step by
// whole numbers.
function scale(max, floor, integer) {
  const top = Math.max(max, floor);
  const raw = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  if (integer) step = Math.max(1, Math.ceil(step));
  return { step, max: step * Math.ceil(top / step) };
}

// A category's name under the axis: shortened to its band (the table has it whole), and
// every other one a line lower when the bands are narrow.
function tickLabel(name, band) {
  const room = Math.max(4, Math.floor((band < 70 ? band * 2 : band) / 6.2));
  return name.length > room ? `${name.slice(0, room - 1)}…` : name;
}

export const plain = (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-GB', { maximumFractionDigits: 1 }));
export const percent = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);

// spec: {id?, title, xLabel, yLabel, categories: [names], series: [{name, values: [number|null]}],
//        format (a value as text), yFloor (the y axis reaches at least this), kind: 'bar' | 'line',
//        note (a sentence under the title)}
export function chart(spec) {
  const id = spec.id ?? `chart-${(nextId += 1)}`;
  const format = spec.format ?? plain;
  const values = spec.series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const integer = format === plain && values.every((v) => Number.isInteger(v));
  const { step, max } = scale(Math.max(0, ...values), spec.yFloor ?? 1, integer);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v) => PAD.top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(1, spec.categories.length);
  const x = (i) => PAD.left + band * i + band / 2;

  const image = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title`, class: 'chart-svg', focusable: 'false',
  });
  for (let v = 0; v <= max + step / 2; v += step) {
    image.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, format(v)));
  }
  const every = Math.ceil(spec.categories.length / 12);   // at most 12 labels under the axis
  spec.categories.forEach((name, i) => {
    if (i % every !== 0) return;
    const lower = band * every < 70 && (i / every) % 2 === 1 ? 12 : 0;
    image.append(svg('text', { x: x(i), y: PAD.top + plotH + 15 + lower, class: 'tick', 'text-anchor': 'middle' },
      tickLabel(name, band * every), svg('title', {}, name)));
  });
  image.append(
    svg('text', { x: PAD.left + plotW / 2, y: H - 19, class: 'axis-label', 'text-anchor': 'middle' }, spec.xLabel),
    svg('text', { x: 14, y: PAD.top + plotH / 2, class: 'axis-label', 'text-anchor': 'middle',
      transform: `rotate(-90 14 ${PAD.top + plotH / 2})` }, spec.yLabel));
  if (spec.kind === 'line') drawLines(image, spec, { x, y, format });
  else drawBars(image, spec, { x, y, band, format });
  const legend = svg('g', { class: 'legend' });
  let lx = PAD.left;
  spec.series.forEach((s, k) => {
    legend.append(svg('rect', { x: lx, y: H - 12, width: 10, height: 10, class: `series-${k}` }),
      svg('text', { x: lx + 14, y: H - 3, class: 'tick' }, s.name));
    lx += 24 + s.name.length * 6.5;
  });
  image.append(legend);

  return el('figure', { class: 'chart', id, 'data-chart': spec.title },
    el('figcaption', { id: `${id}-title` }, el('strong', {}, spec.title), spec.note ? el('span', { class: 'note' }, ` ${spec.note}`) : null),
    el('div', { class: 'chart-body' }, image, dataTable(spec, format)));
}

function drawBars(image, spec, { x, y, band, format }) {
  const n = spec.series.length;
  const width = Math.min(28, (band * 0.8) / n);
  spec.series.forEach((s, k) => {
    s.values.forEach((v, i) => {
      const value = v ?? 0;
      const left = x(i) - (width * n) / 2 + width * k;
      image.append(svg('rect', {
        x: left, y: y(value), width: width - 1, height: Math.max(0, y(0) - y(value)), class: `bar series-${k}`,
        'data-series': s.name, 'data-category': spec.categories[i], 'data-value': v ?? '',
      }, svg('title', {}, `${s.name}, ${spec.categories[i]}: ${format(v)}`)));
    });
  });
}

// A line per series; a missing value (null: nothing to measure that month) breaks the line.
function drawLines(image, spec, { x, y, format }) {
  spec.series.forEach((s, k) => {
    let path = '';
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      path += `${path && s.values[i - 1] !== null && s.values[i - 1] !== undefined ? 'L' : 'M'}${x(i)} ${y(v)} `;
    });
    if (path) image.append(svg('path', { d: path.trim(), class: `line series-${k}` }));
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      image.append(svg('circle', {
        cx: x(i), cy: y(v), r: 3.5, class: `dot series-${k}`,
        'data-series': s.name, 'data-category': spec.categories[i], 'data-value': v,
      }, svg('title', {}, `${s.name}, ${spec.categories[i]}: ${format(v)}`)));
    });
  });
}

function dataTable(spec, format) {
  return el('table', { class: 'chart-table' },
    el('caption', { class: 'visually-hidden' }, `${spec.title}: the numbers`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, spec.xLabel),
      spec.series.map((s) => el('th', { scope: 'col' }, s.name)))),
    el('tbody', {}, spec.categories.map((name, i) => el('tr', {},
      el('th', { scope: 'row' }, name),
      spec.series.map((s) => el('td', { 'data-value': s.values[i] ?? '' }, format(s.values[i])))))));
}
