import { day } from './format.js';

// A small trend line as SVG elements (no canvas, no chart instance per card): drawn with DOM
// calls, so it needs nothing the page's CSP forbids, and its numbers are in its label.

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Weekly counts as a line over a shaded area, the last week marked; its label reads the weeks out. */
export function sparkline(points: Array<{ week: string; count: number }>, width = 160, height = 36): SVGSVGElement {
  const first = points[0];
  const last = points.at(-1);
  const label = first && last
    ? `Contacts per week, ${day(first.week)} to ${day(last.week)}: ${points.map((p) => p.count).join(', ')}`
    : 'No weekly trend';
  const box = svg('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, 'data-weeks': points.length });
  box.appendChild(svg('title', {})).textContent = label;
  if (!points.length) return box;
  const pad = 3;
  const max = Math.max(1, ...points.map((p) => p.count));
  const x = (i: number) => pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (n: number) => height - pad - (n / max) * (height - 2 * pad);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.count).toFixed(1)}`).join(' ');
  box.append(
    svg('polygon', { class: 'area', points: `${x(0).toFixed(1)},${height - pad} ${line} ${x(points.length - 1).toFixed(1)},${height - pad}` }),
    svg('polyline', { class: 'line', points: line }),
    svg('circle', { class: 'last', cx: x(points.length - 1).toFixed(1), cy: y(last!.count).toFixed(1), r: 2.5 }),
  );
  return box;
}
