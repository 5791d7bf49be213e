// Run: what was recorded (params, metrics with sparklines, tags), where it ran from (commit, branch, dirty),
// the data it read and the outputs it wrote (oids, in the local store or not), and its artifacts.
import * as api from './api.js';
import { h, s, fmtNumber, fmtTime, fmtDuration, fmtBytes, short } from './dom.js';
import { link } from './router.js';
import { lineageGraph } from './lineage.js';

export async function renderRun(root, route, alive) {
  const id = route.arg;
  const [run, context] = await Promise.all([api.getRun(id), api.runContext(id)]);
  if (!alive()) return;
  const info = run.info, data = run.data || {};
  root.append(h('h1', null, 'Run ', h('span', { id: 'run-name' }, info.run_name || info.run_id)),
    h('p', null, h('a', { class: 'button', href: link('compare', '', { runs: id }) }, 'Compare with\u2026'), ' ',
      h('a', { href: link('runs') }, 'All runs')));

  const facts = [
    ['Run id', info.run_id, 'mono'], ['Status', info.status], ['Experiment', info.experiment_id], ['User', info.user_id],
    ['Started', fmtTime(info.start_time)], ['Duration', fmtDuration((info.end_time || 0) - (info.start_time || 0))],
  ];
  if (context) {
    const c = context.commit_info;
    facts.push(['Commit', context.commit, 'mono']);
    if (c) facts.push(['Message', c.subject], ['Author', `${c.author} <${c.email}>`], ['Committed', fmtTime(c.time * 1000)]);
    facts.push(['Branch', context.branch || ''], ['Working tree', context.dirty ? 'dirty (uncommitted changes)' : 'clean']);
    if (context.command && context.command.length) facts.push(['Command', context.command.join(' '), 'mono']);
    if (context.parent) facts.push(['Parent run', h('a', { href: link('run', context.parent) }, short(context.parent))]);
  }
  root.append(h('section', { class: 'card' }, h('h2', null, 'Overview'), kv(facts, 'overview')));

  const grid = h('div', { class: 'grid' });
  grid.append(h('section', { class: 'card' }, h('h2', null, 'Parameters'),
    table(['Name', 'Value'], (data.params || []).map((p) => [p.key, p.value]), 'params')));
  const metricRows = (data.metrics || []).map((m) => {
    const spark = h('td', { class: 'spark' });
    sparkline(spark, id, m.key);
    return h('tr', null, h('td', null, m.key), h('td', { class: 'num' }, fmtNumber(m.value)), h('td', { class: 'num' }, String(m.step)), spark);
  });
  grid.append(h('section', { class: 'card' }, h('h2', null, 'Metrics'),
    h('table', { id: 'metrics' }, h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Last'), h('th', null, 'Step'), h('th', null, 'History'))), h('tbody', null, metricRows))));
  root.append(grid);

  root.append(h('section', { class: 'card' }, h('h2', null, 'Tags'), table(['Key', 'Value'], (data.tags || []).map((t) => [t.key, t.value]), 'tags')));
  if (context) {
    const remote = context.remote ? `On ${context.remote}` : 'On the data remote';
    const yesNo = (v) => (v === true ? h('span', { class: 'yes' }, 'yes') : v === false ? h('span', { class: 'no' }, 'no') : h('span', { class: 'muted' }, '?'));
    const oid = (f) => h('span', { class: 'mono', title: f.oid }, short(f.oid));
    const files = (list, withApproval) => list.map((f) => [f.path, oid(f), fmtBytes(f.size),
      ...(withApproval ? [yesNo(f.approved)] : []), yesNo(f.in_local_store), yesNo(f.on_remote)]);
    const remoteNote = context.remote_problem ? h('p', { class: 'muted', id: 'remote-problem' }, `Data remote: ${context.remote_problem}.`) : null;
    root.append(h('section', { class: 'card' }, h('h2', null, 'Data read'),
      table(['Path', 'Oid', 'Size', 'Approved', 'In local store', remote], files(context.data, true), 'data'), remoteNote),
    h('section', { class: 'card' }, h('h2', null, 'Outputs'), table(['Path', 'Oid', 'Size', 'In local store', remote], files(context.outputs, false), 'outputs')),
    h('section', { class: 'card' }, h('h2', null, 'Lineage'), lineage(info, context)),
    h('section', { class: 'card' }, h('h2', null, 'Artifacts'), table(['Path', 'Size'], context.artifacts.map((f) => {
      const url = api.artifactUrl(run, f.path);
      return [url ? h('a', { href: url, download: f.path.split('/').pop() }, f.path) : f.path, fmtBytes(f.size)];
    }), 'artifacts')));
  }
}

/** data and commit -> this run -> its outputs -> the model versions registered from it. */
function lineage(info, context) {
  const inputs = [
    ...context.data.map((f) => ({ id: 'data:' + f.path, kind: f.approved ? 'data' : 'data unapproved', label: f.path, sub: `${short(f.oid)}${f.approved ? ' approved' : ''}` })),
    { id: 'commit:' + context.commit, kind: 'commit', label: context.commit_info ? context.commit_info.subject : 'commit', sub: short(context.commit) },
  ];
  const runNode = [{ id: 'run:' + info.run_id, kind: 'run', label: info.run_name || info.run_id, sub: `run ${short(info.run_id)}` }];
  const outputs = context.outputs.map((f) => ({ id: 'output:' + f.path, kind: 'output', label: f.path, sub: short(f.oid) }));
  const models = (context.models || []).map((m) => ({ id: `model:${m.name}/${m.version}`, kind: 'model', label: `${m.name} v${m.version}`,
    sub: [m.state, ...(m.aliases || []).map((a) => '@' + a)].join(' '), href: link('models', '', { model: m.name, version: String(m.version) }) }));
  return lineageGraph([inputs, runNode, [...outputs, ...models]], 'run-lineage');
}

function kv(pairs, id) {
  return h('table', { class: 'kv', id }, h('tbody', null, pairs.map(([k, v, cls]) => h('tr', null, h('th', null, k), h('td', { class: cls }, v)))));
}

export function table(headers, rows, id) {
  if (rows.length === 0) return h('p', { class: 'muted', id }, 'None.');
  return h('table', { id }, h('thead', null, h('tr', null, headers.map((x) => h('th', null, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))));
}

async function sparkline(cell, runId, key) {
  try {
    const hist = await api.history(runId, key, 120);
    const ys = hist.values.map((v) => (v === null ? NaN : v)).filter(Number.isFinite);
    if (ys.length < 2) return;
    const min = Math.min(...ys), max = Math.max(...ys), span = max - min || 1;
    const w = 120, ht = 24;
    const pts = hist.values.map((v, i) => (v === null ? null : `${(i / (hist.values.length - 1)) * w},${ht - ((v - min) / span) * (ht - 2) - 1}`)).filter(Boolean).join(' ');
    cell.append(s('svg', { width: w, height: ht, viewBox: `0 0 ${w} ${ht}`, class: 'sparkline', 'data-points': String(hist.values.length), role: 'img', 'aria-label': `${key} history` },
      s('polyline', { points: pts, fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' })));
  } catch {
    cell.textContent = '';
  }
}
