// Compare 2 to 20 runs: one metric's step (or time) curves overlaid, one series per run (uPlot), with log scale
// and smoothing; the params that differ; a parallel-coordinates plot from params to the metric.
// The chart's data is also on the page (#series items, window.gitmlCompare) for tests and scripts.
import uPlot from 'uplot';
import * as api from './api.js';
import { h, s, fmtNumber } from './dom.js';
import { link, update } from './router.js';

export const MAX_RUNS = 20;
const MAX_POINTS = 2000;
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d', '#31a354', '#756bb1', '#636363'];

export async function renderCompare(root, route, alive) {
  const started = performance.now();
  const p = route.params;
  let ids = [...new Set((p.get('runs') || '').split(',').filter(Boolean))];
  root.append(h('h1', null, 'Compare runs'));
  if (ids.length < 2) {
    root.append(h('p', { id: 'compare-hint' }, 'Select 2 to 20 runs on the ', h('a', { href: link('runs') }, 'Runs'), ' page (click their boxes, or press x), then Compare.'));
    if (ids.length === 0) return;
  }
  if (ids.length > MAX_RUNS) {
    root.append(h('p', { class: 'warning' }, `Only the first ${MAX_RUNS} of ${ids.length} runs are compared.`));
    ids = ids.slice(0, MAX_RUNS);
  }
  // With the metric in the URL, its histories are asked for together with the runs, not after them.
  const asked = p.get('metric');
  const early = asked ? ids.map((id) => api.history(id, asked, MAX_POINTS).catch(() => null)) : null;
  const runs = await Promise.all(ids.map((id) => api.getRun(id)));
  if (!alive()) return;
  const metricKeys = [...new Set(runs.flatMap((r) => ((r.data && r.data.metrics) || []).map((m) => m.key)))].sort();
  const metric = metricKeys.includes(p.get('metric')) ? p.get('metric') : metricKeys[0];
  const xMode = p.get('x') === 'time' ? 'time' : 'step';
  const log = p.get('log') === '1';
  const smooth = Math.min(Math.max(Number(p.get('smooth')) || 0, 0), 0.99);

  const controls = h('form', { class: 'toolbar', id: 'chart-options', onsubmit: (e) => e.preventDefault() },
    h('label', null, 'Metric ', h('select', { id: 'metric', onchange: (e) => update({ metric: e.target.value }) },
      metricKeys.map((k) => h('option', { value: k, selected: k === metric }, k)))),
    h('label', null, 'x ', h('select', { id: 'xmode', onchange: (e) => update({ x: e.target.value === 'time' ? 'time' : '' }) },
      h('option', { value: 'step', selected: xMode === 'step' }, 'step'), h('option', { value: 'time', selected: xMode === 'time' }, 'time (s since first point)'))),
    h('label', null, h('input', { type: 'checkbox', id: 'log', checked: log, onchange: (e) => update({ log: e.target.checked ? '1' : '' }) }), ' log scale'),
    h('label', null, 'Smoothing ', h('input', { type: 'range', id: 'smooth', min: '0', max: '0.99', step: '0.01', value: String(smooth),
      onchange: (e) => update({ smooth: e.target.value === '0' ? '' : e.target.value }) }), ' ', h('output', null, smooth.toFixed(2))));
  root.append(controls);

  const chartBox = h('div', { class: 'chart', id: 'chart', 'data-metric': metric || '', 'data-x': xMode, 'data-log': String(log) });
  const legend = h('ul', { id: 'series', class: 'legend' });
  root.append(h('section', { class: 'card' }, h('h2', null, metric ? `${metric}` : 'No metrics'), chartBox, legend));

  if (metric) {
    const none = { steps: [], timestamps: [], values: [], total: 0 };
    const histories = await Promise.all(runs.map(async (r, i) => {
      if (!(r.data.metrics || []).some((m) => m.key === metric)) return none;
      return (early && metric === asked && await early[i]) || api.history(r.info.run_id, metric, MAX_POINTS);
    }));
    if (!alive()) return;
    const series = runs.map((r, i) => {
      const hist = histories[i];
      const t0 = hist.timestamps.length ? hist.timestamps[0] : 0;
      const xs = xMode === 'time' ? hist.timestamps.map((t) => (t - t0) / 1000) : hist.steps;
      return { run: r.info.run_id, name: r.info.run_name || r.info.run_id, color: PALETTE[i % PALETTE.length], xs, ys: ema(hist.values, smooth), total: hist.total };
    });
    drawChart(chartBox, series, metric, xMode, log);
    for (const sr of series) {
      legend.append(h('li', { 'data-series': sr.run, 'data-points': String(sr.xs.length), 'data-total': String(sr.total) },
        h('span', { class: 'swatch', style: `background:${sr.color}` }), h('a', { href: link('run', sr.run) }, sr.name),
        h('span', { class: 'muted' }, ` ${sr.total} points${sr.total > sr.xs.length ? `, ${sr.xs.length} drawn` : ''}`)));
    }
    chartBox.dataset.seriesCount = String(series.length);
    window.gitmlCompare = { metric, x: xMode, log, smooth, series: series.map((x) => ({ run: x.run, name: x.name, points: x.xs.length, total: x.total })) };
  }
  root.dataset.renderMs = String(Math.round(performance.now() - started));
  root.dataset.sinceNavigationMs = String(Math.round(performance.now()));

  root.append(h('section', { class: 'card' }, h('h2', null, 'Parameters'), paramsDiff(runs)));
  if (metric) root.append(h('section', { class: 'card' }, h('h2', null, `Parameters \u2192 ${metric}`), parallel(runs, metric)));
}

/** TensorBoard-style exponential moving average, debiased; weight 0 leaves the series as it is. */
function ema(values, weight) {
  if (!weight) return values;
  let last = 0, n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}

function drawChart(box, series, metric, xMode, log) {
  // uPlot wants one x array shared by every series: the union of xs, with gaps where a run has no point.
  const xSet = new Set();
  for (const sr of series) for (const x of sr.xs) xSet.add(x);
  const xs = Float64Array.from(xSet).sort();
  const index = new Map();
  xs.forEach((x, i) => index.set(x, i));
  const data = [xs];
  for (const sr of series) {
    const ys = new Array(xs.length).fill(null);
    sr.xs.forEach((x, i) => {
      const y = sr.ys[i];
      ys[index.get(x)] = y === null || !Number.isFinite(y) || (log && y <= 0) ? null : y;
    });
    data.push(ys);
  }
  const width = Math.max(Math.min(box.clientWidth || 1100, 1400), 400);
  const opts = {
    width, height: 360,
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [{ label: xMode === 'time' ? 'seconds' : 'step', stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' } },
      { label: metric, stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, size: 70 }],
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    series: [{}, ...series.map((sr) => ({ label: sr.name, stroke: sr.color, width: 1.5, spanGaps: true, points: { show: false } }))],
  };
  // eslint-disable-next-line no-new
  new uPlot(opts, data, box);
}

function paramsDiff(runs) {
  const maps = runs.map((r) => new Map(((r.data && r.data.params) || []).map((x) => [x.key, x.value])));
  const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
  const differs = (k) => new Set(maps.map((m) => m.get(k))).size > 1;
  keys.sort((a, b) => Number(differs(b)) - Number(differs(a)) || a.localeCompare(b));
  return h('div', { class: 'table-wrap' }, h('table', { id: 'params-diff' },
    h('thead', null, h('tr', null, h('th', null, 'Param'), runs.map((r) => h('th', null, r.info.run_name || r.info.run_id)))),
    h('tbody', null, keys.map((k) => h('tr', { class: differs(k) ? 'differs' : '', 'data-param': k }, h('th', null, k), maps.map((m) => h('td', null, m.has(k) ? m.get(k) : '\u2014')))))));
}

function parallel(runs, metric) {
  const maps = runs.map((r) => new Map(((r.data && r.data.params) || []).map((x) => [x.key, x.value])));
  const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort().filter((k) => new Set(maps.map((m) => m.get(k))).size > 1).slice(0, 10);
  const metricValues = runs.map((r) => { const m = (r.data.metrics || []).find((x) => x.key === metric); return m ? m.value : undefined; });
  const axes = keys.map((k) => axis(k, maps.map((m) => m.get(k))));
  axes.push(axis(metric, metricValues));
  const W = 1100, H = 300, top = 30, bottom = 30, left = 60, right = 60;
  const dx = axes.length > 1 ? (W - left - right) / (axes.length - 1) : 0;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'parallel', id: 'parallel', role: 'img', 'aria-label': `parameters against ${metric}` });
  runs.forEach((r, i) => {
    const pts = axes.map((a, j) => { const y = a.pos(j === axes.length - 1 ? metricValues[i] : maps[i].get(a.name)); return y === null ? null : `${left + j * dx},${top + (1 - y) * (H - top - bottom)}`; });
    if (pts.some((x) => x === null)) return;
    svg.append(s('polyline', { points: pts.join(' '), fill: 'none', stroke: PALETTE[i % PALETTE.length], 'stroke-width': '2', opacity: '0.8' },
      s('title', null, r.info.run_name || r.info.run_id)));
  });
  axes.forEach((a, j) => {
    const x = left + j * dx;
    svg.append(s('line', { x1: x, x2: x, y1: top, y2: H - bottom, stroke: 'currentColor', 'stroke-width': '1' }),
      s('text', { x, y: top - 10, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': '12' }, a.name),
      s('text', { x: x + 4, y: top + 4, fill: 'currentColor', 'font-size': '10' }, a.high),
      s('text', { x: x + 4, y: H - bottom, fill: 'currentColor', 'font-size': '10' }, a.low));
  });
  return svg;
}

/** Maps an axis' values to 0..1: numbers linearly, anything else by its rank among the distinct values. */
function axis(name, values) {
  const present = values.filter((v) => v !== undefined && v !== null && v !== '');
  const numeric = present.length > 0 && present.every((v) => Number.isFinite(Number(v)));
  if (numeric) {
    const nums = present.map(Number);
    const min = Math.min(...nums), max = Math.max(...nums), span = max - min || 1;
    return { name, low: fmtNumber(min), high: fmtNumber(max), pos: (v) => (v === undefined || v === null || v === '' ? null : (Number(v) - min) / span) };
  }
  const cats = [...new Set(present.map(String))].sort();
  return { name, low: cats[0] || '', high: cats[cats.length - 1] || '', pos: (v) => (v === undefined ? null : cats.length < 2 ? 0.5 : cats.indexOf(String(v)) / (cats.length - 1)) };
}
