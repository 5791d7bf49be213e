// A lineage drawn left to right: columns of nodes (data and commit -> run -> model version or outputs), every node of
// a column joined to every node of the next. Built with createElementNS and textContent only (names are hostile).
import { s } from './dom.js';

const W = 210, H = 46, GX = 60, GY = 12;

/** columns: [[{label, sub, href, kind, id}]]; returns an <svg id=...> with data-node attributes for tests. */
export function lineageGraph(columns, id) {
  const cols = columns.filter((c) => c.length > 0);
  const pos = new Map();
  cols.forEach((col, c) => col.forEach((n, r) => pos.set(n, { x: 10 + c * (W + GX), y: 10 + r * (H + GY) })));
  const width = 20 + cols.length * (W + GX) - GX;
  const height = 20 + Math.max(1, ...cols.map((c) => c.length)) * (H + GY) - GY;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'lineage', id, role: 'img', 'aria-label': 'lineage' });
  for (let c = 0; c + 1 < cols.length; c++) {
    for (const from of cols[c]) {
      for (const to of cols[c + 1]) {
        const f = pos.get(from), t = pos.get(to);
        const x1 = f.x + W, y1 = f.y + H / 2, x2 = t.x, y2 = t.y + H / 2;
        svg.append(s('path', { d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`, class: 'edge',
          'data-from': from.id, 'data-to': to.id }));
      }
    }
  }
  for (const n of cols.flat()) {
    const p = pos.get(n);
    const label = n.label.length > 28 ? n.label.slice(0, 27) + '\u2026' : n.label;
    const box = s('g', { class: `node ${n.kind}`, 'data-node': n.id, 'data-kind': n.kind },
      s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
      s('text', { x: p.x + 10, y: p.y + 19 }, label),
      s('text', { x: p.x + 10, y: p.y + 36, class: 'sub' }, n.sub || ''),
      s('title', null, [n.label, n.title || n.sub || ''].filter(Boolean).join('\n')));
    svg.append(n.href ? s('a', { href: n.href }, box) : box);
  }
  return svg;
}
