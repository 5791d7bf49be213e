// Pipeline: the stage graph with stale stages marked and why (what `git ml status` says), and the declared plots
// at two revisions, drawn by git-ml's own SvgPlot (shown as images: SVG in <img> runs no script), and the metrics and
// params of those two revisions compared (the server runs `git ml metrics diff` / `git ml params diff`'s code).
import * as api from './api.js';
import { h, s } from './dom.js';
import { update } from './router.js';

export async function renderPipeline(root, route, alive) {
  const a = route.params.get('a') || 'HEAD';
  const b = route.params.get('b') || 'workspace';
  const [data, values] = await Promise.all([api.pipeline(a, b), api.valuesDiff(a, b)]);
  if (!alive()) return;
  root.append(h('h1', null, 'Pipeline'));
  if (data.error) { root.append(h('pre', { class: 'error' }, data.error)); return; }
  if (!data.graph) { root.append(h('p', { class: 'muted' }, 'This repository has no pipeline (ml.yaml or dvc.yaml).')); return; }

  const states = new Map((data.stages || []).map((x) => [x.name, x]));
  const stale = (data.stages || []).filter((x) => x.outcome === 'WouldRun');
  root.append(h('p', { id: 'pipeline-summary' }, `${data.graph.file}: ${stale.length === 0 ? `all ${data.graph.nodes.length} stage(s) up to date` : `${stale.length} of ${data.graph.nodes.length} stage(s) stale (git ml repro runs them)`}`));
  root.append(h('section', { class: 'card' }, h('h2', null, 'Stages'), dag(data.graph, states)));
  root.append(h('section', { class: 'card' }, h('h2', null, 'Status'), h('table', { id: 'stages' },
    h('thead', null, h('tr', null, h('th', null, 'Stage'), h('th', null, 'State'), h('th', null, 'Why'))),
    h('tbody', null, data.graph.nodes.map((n) => {
      const st = states.get(n.name) || { outcome: 'Unknown', reasons: [] };
      return h('tr', { 'data-stage': n.name, 'data-outcome': st.outcome, class: st.outcome === 'WouldRun' ? 'stale' : '' },
        h('td', null, n.name), h('td', null, label(st.outcome)), h('td', null, [...st.reasons, st.error || ''].filter(Boolean).join('; ')));
    })))));

  if (!api.isExport) {
    const ra = h('input', { value: a, id: 'rev-a', size: '16', 'aria-label': 'first revision' });
    const rb = h('input', { value: b, id: 'rev-b', size: '16', 'aria-label': 'second revision' });
    root.append(h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); update({ a: ra.value.trim(), b: rb.value.trim() }); } },
      'Plots at ', ra, ' and ', rb, h('button', { type: 'submit' }, 'Show')));
  }
  root.append(valuesSection(values, 'metrics'), valuesSection(values, 'params'));
  const plots = h('section', { class: 'plots', id: 'plots' });
  for (const p of data.plots || []) {
    plots.append(h('figure', { class: 'card', 'data-plot': p.id, 'data-series-count': String(p.series) },
      h('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(p.svg), alt: `plot ${p.id}` }),
      h('figcaption', null, p.id), (p.problems || []).map((x) => h('p', { class: 'warning' }, x))));
  }
  for (const x of data.problems || []) plots.append(h('p', { class: 'muted' }, x));
  root.append(h('h2', null, `Plots: ${data.revisions.join(' vs ')}`), plots);
}

/** `git ml metrics diff A B --all` or `git ml params diff A B --all` as a table: changed values first. */
function valuesSection(values, kind) {
  const title = `${kind === 'metrics' ? 'Metrics' : 'Params'}: ${(values.revisions || []).join(' vs ')}`;
  const side = values[kind];
  const id = `${kind}-diff`;
  if (values.error || !side) return h('section', { class: 'card' }, h('h2', null, title), h('p', { class: 'muted', id }, values.error || 'Not available.'));
  if (side.error) return h('section', { class: 'card' }, h('h2', null, title), h('p', { class: 'muted', id }, side.error));
  const order = { changed: 0, added: 1, removed: 2, unchanged: 3 };
  const rows = side.rows.slice().sort((x, y) => order[x.change] - order[y.change]);
  const changed = rows.filter((r) => r.change !== 'unchanged').length;
  const [ra, rb] = values.revisions;
  const head = ['Path', kind === 'metrics' ? 'Metric' : 'Param', ra, rb, ...(kind === 'metrics' ? ['Change'] : [])];
  return h('section', { class: 'card' }, h('h2', null, title),
    h('p', { class: 'muted' }, `${changed} of ${rows.length} value${rows.length === 1 ? '' : 's'} differ`),
    rows.length === 0 ? h('p', { class: 'muted', id }, 'None.') : h('div', { class: 'table-wrap' }, h('table', { id },
      h('thead', null, h('tr', null, head.map((x) => h('th', null, x)))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-path': r.path, 'data-key': r.key, 'data-change': r.change, class: `change-${r.change}` },
        h('td', null, r.path), h('td', null, r.key), h('td', { class: 'num' }, r.old === null ? '-' : r.old), h('td', { class: 'num' }, r.new === null ? '-' : r.new),
        kind === 'metrics' ? h('td', { class: 'num' }, r.delta === null ? '-' : r.delta) : null))))),
    (side.problems || []).map((x) => h('p', { class: 'warning' }, x)));
}

function label(outcome) {
  return ({ WouldRun: 'stale', UpToDate: 'up to date', Frozen: 'frozen' })[outcome] || outcome;
}

/** Stages in columns by depth (longest path from a stage with no upstream), edges as curves. */
function dag(graph, states) {
  const depth = new Map();
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const visit = (name, seen) => {
    if (depth.has(name)) return depth.get(name);
    if (seen.has(name)) return 0;
    seen.add(name);
    const d = Math.max(-1, ...((byName.get(name) || { upstream: [] }).upstream.map((u) => visit(u, seen)))) + 1;
    depth.set(name, d);
    return d;
  };
  graph.nodes.forEach((n) => visit(n.name, new Set()));
  const columns = [];
  for (const n of graph.nodes) (columns[depth.get(n.name)] ||= []).push(n.name);
  const W = 180, H = 44, GX = 70, GY = 18;
  const pos = new Map();
  columns.forEach((col, c) => col.forEach((name, r) => pos.set(name, { x: 10 + c * (W + GX), y: 10 + r * (H + GY) })));
  const width = 20 + columns.length * (W + GX) - GX, height = 20 + Math.max(...columns.map((c) => c.length)) * (H + GY) - GY;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'dag', id: 'dag' });
  for (const e of graph.edges) {
    const f = pos.get(e.from), t = pos.get(e.to);
    if (!f || !t) continue;
    const x1 = f.x + W, y1 = f.y + H / 2, x2 = t.x, y2 = t.y + H / 2;
    svg.append(s('path', { d: `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`, class: 'edge' }, s('title', null, e.paths.join(', '))));
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.name), st = states.get(n.name);
    const cls = st && st.outcome === 'WouldRun' ? 'stale' : n.frozen ? 'frozen' : 'fresh';
    svg.append(s('g', { class: `node ${cls}`, 'data-stage': n.name },
      s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
      s('text', { x: p.x + 10, y: p.y + 18 }, n.name.length > 22 ? n.name.slice(0, 21) + '\u2026' : n.name),
      s('text', { x: p.x + 10, y: p.y + 35, class: 'sub' }, cls === 'stale' ? 'stale' : cls === 'frozen' ? 'frozen' : 'up to date'),
      s('title', null, st ? [n.name, ...st.reasons].join('\n') : n.name)));
  }
  return h('div', { class: 'table-wrap' }, svg);
}
