// Runs: every run as a table of params and metrics; sorted, filtered with MLflow's search grammar (errors shown
// where they are), columns chosen, runs selected for Compare; keyboard: j/k or arrows move, x or space selects,
// Enter opens. All of it lives in the URL.
import * as api from './api.js';
import { h, fmtNumber, fmtTime, short, errorBox } from './dom.js';
import { link, update } from './router.js';

const DEFAULT_COLUMNS = 8;
let cache = { filter: null, runs: null, commits: null };

export function resetRunsCache() { cache = { filter: null, runs: null, commits: null }; }

function keysOf(runs, field) {
  const keys = new Set();
  for (const r of runs) for (const x of (r.data && r.data[field]) || []) keys.add(x.key);
  return [...keys].sort();
}

function lookup(run) {
  if (!run._m) {
    run._m = new Map(((run.data && run.data.metrics) || []).map((m) => [m.key, m.value]));
    run._p = new Map(((run.data && run.data.params) || []).map((p) => [p.key, p.value]));
  }
  return run;
}

function cellValue(run, column, commits) {
  lookup(run);
  if (column === 'name') return run.info.run_name || run.info.run_id;
  if (column === 'status') return run.info.status;
  if (column === 'start') return run.info.start_time;
  if (column === 'commit') return (commits[run.info.run_id] || {}).commit || '';
  if (column.startsWith('metrics.')) return run._m.get(column.slice(8));
  if (column.startsWith('params.')) return run._p.get(column.slice(7));
  return undefined;
}

function sorter(column, desc, commits) {
  const dir = desc ? -1 : 1;
  return (a, b) => {
    const x = cellValue(a, column, commits), y = cellValue(b, column, commits);
    if (x === undefined || x === null) return y === undefined || y === null ? 0 : 1; // missing values last
    if (y === undefined || y === null) return -1;
    const nx = typeof x === 'number' ? x : Number(x), ny = typeof y === 'number' ? y : Number(y);
    if (x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny)) return (nx - ny) * dir;
    return String(x).localeCompare(String(y)) * dir;
  };
}

export async function renderRuns(root, route, alive) {
  const started = performance.now();
  const p = route.params;
  const filter = p.get('filter') || '';
  const sort = p.get('sort') || 'start';
  const desc = p.has('sort') ? p.get('desc') === '1' : true;
  const selected = new Set((p.get('sel') || '').split(',').filter(Boolean));

  const input = h('input', { type: 'search', id: 'filter', value: filter, spellcheck: 'false', 'aria-label': 'Filter runs',
    placeholder: "metrics.accuracy > 0.9 and params.model = 'rf'" });
  const form = h('form', { class: 'filter', onsubmit: (e) => { e.preventDefault(); update({ filter: input.value.trim() }); } },
    input, h('button', { type: 'submit' }, 'Filter'));
  const compareButton = h('a', { class: 'button', id: 'compare-selected' }, '');
  const toolbar = h('div', { class: 'toolbar' }, form);
  root.append(h('h1', null, 'Runs'), toolbar);

  let runs, commits;
  try {
    if (cache.filter === filter && cache.runs) ({ runs, commits } = cache);
    else {
      [runs, commits] = await Promise.all([api.searchRuns(filter), api.runCommits()]);
      cache = { filter, runs, commits };
    }
  } catch (e) {
    root.append(h('div', { id: 'filter-error' }, errorBox(e)));
    return;
  }
  if (!alive()) return;

  const params = keysOf(runs, 'params'), metrics = keysOf(runs, 'metrics');
  const all = [...metrics.map((k) => 'metrics.' + k), ...params.map((k) => 'params.' + k)];
  const chosen = p.has('cols') ? p.get('cols').split(',').filter((c) => all.includes(c))
    : [...metrics.slice(0, DEFAULT_COLUMNS).map((k) => 'metrics.' + k), ...params.slice(0, DEFAULT_COLUMNS).map((k) => 'params.' + k)];
  const columns = ['name', 'status', 'start', 'commit', ...chosen];
  const branches = [...new Set(runs.map((r) => (commits[r.info.run_id] || {}).branch).filter(Boolean))].sort();
  const branch = p.get('branch') || '';
  const shown = branch ? runs.filter((r) => (commits[r.info.run_id] || {}).branch === branch) : runs;
  const sorted = shown.slice().sort(sorter(sort, desc, commits));

  toolbar.append(h('label', null, 'Branch ', h('select', { id: 'branch', onchange: (e) => update({ branch: e.target.value }) },
    h('option', { value: '' }, 'all'), branches.map((b) => h('option', { value: b, selected: b === branch }, b)))),
  columnChooser(all, chosen), compareButton);
  const refreshCompare = () => {
    const ids = [...selected];
    compareButton.textContent = `Compare ${ids.length} selected`;
    compareButton.setAttribute('href', link('compare', '', { runs: ids.join(',') }));
    compareButton.classList.toggle('disabled', ids.length < 2);
  };
  refreshCompare();

  const head = h('tr', null, h('th', { class: 'select' }, ''), columns.map((c) => {
    const label = c.startsWith('metrics.') || c.startsWith('params.') ? c.slice(c.indexOf('.') + 1) : c;
    const kind = c.startsWith('metrics.') ? 'metric' : c.startsWith('params.') ? 'param' : 'attr';
    const active = c === sort;
    return h('th', { class: kind, 'data-column': c, 'aria-sort': active ? (desc ? 'descending' : 'ascending') : 'none' },
      h('a', { href: link('runs', '', { ...Object.fromEntries(p.entries()), sort: c, desc: active && !desc ? '1' : (active ? '' : (kind === 'metric' ? '1' : '')) }) },
        label, active ? (desc ? ' \u25BE' : ' \u25B4') : ''));
  }));
  const body = h('tbody');
  const rows = sorted.map((run, i) => row(run, columns, commits, selected, i === 0));
  body.append(...rows);
  const table = h('table', { class: 'runs', id: 'runs-table', 'data-rows': String(sorted.length) }, h('thead', null, head), body);

  const toggle = (tr, on) => {
    const id = tr.dataset.runId;
    if (on === undefined) on = !selected.has(id);
    if (on) selected.add(id); else selected.delete(id);
    tr.classList.toggle('selected', on);
    tr.querySelector('input').checked = on;
    update({ sel: [...selected].join(',') }, true, true);
    refreshCompare();
  };
  body.addEventListener('change', (e) => {
    if (e.target.matches('input[type=checkbox]')) toggle(e.target.closest('tr'), e.target.checked);
  });
  body.addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr');
    if (!tr || e.target.matches('input[type=checkbox]') && (e.key === ' ')) return;
    const move = (next) => { if (next) { tr.tabIndex = -1; next.tabIndex = 0; next.focus(); e.preventDefault(); } };
    if (e.key === 'ArrowDown' || e.key === 'j') move(tr.nextElementSibling);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(tr.previousElementSibling);
    else if (e.key === 'Home') move(body.firstElementChild);
    else if (e.key === 'End') move(body.lastElementChild);
    else if (e.key === ' ' || e.key === 'x') { toggle(tr); e.preventDefault(); }
    else if (e.key === 'Enter') location.hash = link('run', tr.dataset.runId);
  });

  root.append(h('p', { class: 'muted', id: 'runs-count' }, `${sorted.length} run${sorted.length === 1 ? '' : 's'}${filter ? ' match the filter' : ''}${branch ? ` on ${branch}` : ''}`),
    h('div', { class: 'table-wrap' }, table));
  void table.offsetHeight; // lay out before measuring
  root.dataset.renderMs = String(Math.round(performance.now() - started));
  root.dataset.sinceNavigationMs = String(Math.round(performance.now()));
}

function row(run, columns, commits, selected, first) {
  const id = run.info.run_id;
  const on = selected.has(id);
  const tr = document.createElement('tr');
  tr.dataset.runId = id;
  tr.tabIndex = first ? 0 : -1;
  if (on) tr.className = 'selected';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = on;
  box.tabIndex = -1;
  box.setAttribute('aria-label', 'select run');
  const sel = document.createElement('td');
  sel.append(box);
  tr.append(sel);
  for (const c of columns) {
    const td = document.createElement('td');
    const v = cellValue(run, c, commits);
    if (c === 'name') {
      const a = document.createElement('a');
      a.href = link('run', id);
      a.textContent = v;
      td.append(a);
    } else if (c === 'start') td.textContent = fmtTime(v);
    else if (c === 'commit') { td.textContent = short(v); td.className = 'mono'; }
    else if (c.startsWith('metrics.')) { td.textContent = fmtNumber(v); td.className = 'num'; }
    else td.textContent = v === undefined ? '' : v;
    tr.append(td);
  }
  return tr;
}

function columnChooser(all, chosen) {
  const set = new Set(chosen);
  const list = h('div', { class: 'chooser-list' }, all.map((c) => h('label', null,
    h('input', { type: 'checkbox', value: c, checked: set.has(c), onchange: (e) => {
      if (e.target.checked) set.add(c); else set.delete(c);
      update({ cols: all.filter((x) => set.has(x)).join(',') || '-' });
    } }), ' ', c)));
  return h('details', { class: 'chooser', id: 'columns' }, h('summary', null, `Columns (${chosen.length}/${all.length})`), list);
}
