// Runs: every run as a table of params and metrics; sorted, filtered with MLflow's search grammar (errors shown
// where they are), columns chosen, runs selected for Compare. All of it lives in the URL, the focused row too.
//
// The table is windowed: only the rows in view (and OVERSCAN more on each side) are in the DOM, between two spacer
// rows that keep the scroll height of the whole table, so 10,000 runs cost what 100 do. Rows have one fixed height
// (ROW_HEIGHT in app.css; measured after the first rows are laid out). Keyboard: arrows or j/k move the focused row, PageUp/PageDown, Home/End, space or x
// selects, Enter opens the run; the focus is an index into the sorted runs, so it moves past rows not yet drawn.
import * as api from './api.js';
import { h, fmtNumber, fmtTime, short, errorBox } from './dom.js';
import { link, update } from './router.js';

const DEFAULT_COLUMNS = 8;
export const ROW_HEIGHT = 27;
const OVERSCAN = 40;
let cache = { filter: null, table: null };

export function resetRunsCache() { cache = { filter: null, table: null }; }

function accessor(column, table) {
  if (column === 'name') return (r) => r.name || r.id;
  if (column === 'status') return (r) => r.status;
  if (column === 'start') return (r) => r.start;
  if (column === 'commit') return (r) => r.commit || '';
  if (column.startsWith('metrics.')) { const i = table.metrics.indexOf(column.slice(8)); return (r) => (i < 0 ? undefined : r.m[i]); }
  if (column.startsWith('params.')) { const i = table.params.indexOf(column.slice(7)); return (r) => (i < 0 ? undefined : r.p[i]); }
  return () => undefined;
}

function sorter(value, desc) {
  const dir = desc ? -1 : 1;
  return (a, b) => {
    const x = value(a), y = value(b);
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
  const form = h('form', { class: 'filter', onsubmit: (e) => { e.preventDefault(); update({ filter: input.value.trim(), focus: '' }); } },
    input, h('button', { type: 'submit' }, 'Filter'));
  const compareButton = h('a', { class: 'button', id: 'compare-selected' }, '');
  const toolbar = h('div', { class: 'toolbar' }, form);
  root.append(h('h1', null, 'Runs'), toolbar);

  let table;
  try {
    if (cache.filter === filter && cache.table) table = cache.table;
    else {
      table = await api.runsTable(filter);
      cache = { filter, table };
    }
  } catch (e) {
    root.append(h('div', { id: 'filter-error' }, errorBox(e)));
    return;
  }
  if (!alive()) return;

  const all = [...table.metrics.map((k) => 'metrics.' + k), ...table.params.map((k) => 'params.' + k)];
  const chosen = p.has('cols') ? p.get('cols').split(',').filter((c) => all.includes(c))
    : [...table.metrics.slice(0, DEFAULT_COLUMNS).map((k) => 'metrics.' + k), ...table.params.slice(0, DEFAULT_COLUMNS).map((k) => 'params.' + k)];
  const columns = ['name', 'status', 'start', 'commit', ...chosen];
  const cells = columns.map((c) => ({ column: c, value: accessor(c, table) }));
  const branches = [...new Set(table.rows.map((r) => r.branch).filter(Boolean))].sort();
  const branch = p.get('branch') || '';
  const shown = branch ? table.rows.filter((r) => r.branch === branch) : table.rows;
  const sorted = shown.slice().sort(sorter(accessor(sort, table), desc));

  toolbar.append(h('label', null, 'Branch ', h('select', { id: 'branch', onchange: (e) => update({ branch: e.target.value, focus: '' }) },
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
  const tableEl = h('table', { class: 'runs', id: 'runs-table', 'data-rows': String(sorted.length), 'aria-rowcount': String(sorted.length + 1) },
    h('thead', null, head), body);
  const wrap = h('div', { class: 'table-wrap runs-wrap', id: 'runs-wrap', tabindex: '-1' }, tableEl);
  root.append(h('p', { class: 'muted', id: 'runs-count' }, `${sorted.length} run${sorted.length === 1 ? '' : 's'}${filter ? ' match the filter' : ''}${branch ? ` on ${branch}` : ''}`),
    wrap);

  const indexOf = new Map(sorted.map((r, i) => [r.id, i]));
  let focus = Math.max(0, indexOf.has(p.get('focus')) ? indexOf.get(p.get('focus')) : 0);
  let drawn = { from: -1, to: -1 };
  let rowHeight = ROW_HEIGHT; // measured once the first rows are laid out (fonts differ)

  // The window: rows [from, to) of the sorted runs, between spacers as tall as the rows they stand for.
  const draw = (force) => {
    const height = wrap.clientHeight || 600;
    const first = Math.floor(Math.max(0, wrap.scrollTop - rowHeight) / rowHeight);
    const from = Math.max(0, first - OVERSCAN);
    const to = Math.min(sorted.length, first + Math.ceil(height / rowHeight) + 1 + OVERSCAN);
    if (!force && from === drawn.from && to === drawn.to) return;
    const hadFocus = wrap.contains(document.activeElement);
    drawn = { from, to };
    const rows = [];
    if (from > 0) rows.push(spacer(from * rowHeight, cells.length + 1));
    for (let i = from; i < to; i++) rows.push(row(sorted[i], i, cells, selected, i === focus));
    if (to < sorted.length) rows.push(spacer((sorted.length - to) * rowHeight, cells.length + 1));
    body.replaceChildren(...rows);
    // Scrolled away from the focused row: the keys still work, through the table's frame.
    if (hadFocus) (rowAt(focus) || wrap).focus({ preventScroll: true });
  };
  const rowAt = (i) => body.querySelector(`tr[data-index="${i}"]`);

  const moveTo = (i) => {
    if (sorted.length === 0) return;
    focus = Math.min(Math.max(i, 0), sorted.length - 1);
    const top = focus * rowHeight, headHeight = tableEl.tHead.offsetHeight;
    if (top < wrap.scrollTop) wrap.scrollTop = top;
    else if (top + rowHeight + headHeight > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = top + rowHeight + headHeight - wrap.clientHeight;
    draw(true);
    rowAt(focus)?.focus({ preventScroll: true });
    update({ focus: sorted[focus].id }, true, true);
  };

  const toggle = (i, on) => {
    const id = sorted[i].id;
    if (on === undefined) on = !selected.has(id);
    if (on) selected.add(id); else selected.delete(id);
    const tr = rowAt(i);
    if (tr) { tr.classList.toggle('selected', on); tr.setAttribute('aria-selected', String(on)); tr.querySelector('input').checked = on; }
    update({ sel: [...selected].join(',') }, true, true);
    refreshCompare();
  };
  body.addEventListener('change', (e) => {
    if (e.target.matches('input[type=checkbox]')) toggle(Number(e.target.closest('tr').dataset.index), e.target.checked);
  });
  body.addEventListener('focusin', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr && Number(tr.dataset.index) !== focus) {
      rowAt(focus)?.setAttribute('tabindex', '-1');
      focus = Number(tr.dataset.index);
      tr.tabIndex = 0;
    }
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || !(e.target === wrap || e.target.closest('tr[data-index]'))) return;
    const page = Math.max(1, Math.floor(wrap.clientHeight / rowHeight) - 1);
    const keys = {
      ArrowDown: () => moveTo(focus + 1), j: () => moveTo(focus + 1), ArrowUp: () => moveTo(focus - 1), k: () => moveTo(focus - 1),
      PageDown: () => moveTo(focus + page), PageUp: () => moveTo(focus - page), Home: () => moveTo(0), End: () => moveTo(sorted.length - 1),
      ' ': () => toggle(focus), x: () => toggle(focus), Enter: () => { location.hash = link('run', sorted[focus].id); },
    };
    if (Object.hasOwn(keys, e.key)) { e.preventDefault(); keys[e.key](); }
  });
  wrap.addEventListener('scroll', () => draw(false), { passive: true });

  // The table fills the window below its toolbar and scrolls inside itself (its header stays put).
  wrap.style.height = `${Math.max(240, window.innerHeight - wrap.getBoundingClientRect().top - 12)}px`;
  draw(true); // the spacers give the table its full height, so it can scroll to the focused row
  const measured = body.querySelector('tr[data-index]')?.getBoundingClientRect().height;
  if (measured > 0 && Math.abs(measured - rowHeight) > 0.5) { rowHeight = measured; draw(true); }
  if (p.has('focus') && indexOf.has(p.get('focus'))) {
    wrap.scrollTop = Math.max(0, focus * rowHeight - wrap.clientHeight / 2);
    draw(false);
  }
  if (p.has('focus') && indexOf.has(p.get('focus'))) rowAt(focus)?.focus({ preventScroll: true });
  void tableEl.offsetHeight; // lay out before measuring
  root.dataset.renderMs = String(Math.round(performance.now() - started));
  root.dataset.sinceNavigationMs = String(Math.round(performance.now()));
}

function spacer(pixels, span) {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.setAttribute('aria-hidden', 'true');
  tr.style.height = `${pixels}px`;
  const td = document.createElement('td');
  td.colSpan = span;
  tr.append(td);
  return tr;
}

function row(run, index, cells, selected, focused) {
  const id = run.id;
  const on = selected.has(id);
  const tr = document.createElement('tr');
  tr.dataset.runId = id;
  tr.dataset.index = String(index);
  tr.setAttribute('aria-rowindex', String(index + 2));
  tr.setAttribute('aria-selected', String(on));
  tr.tabIndex = focused ? 0 : -1;
  if (on) tr.className = 'selected';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = on;
  box.tabIndex = -1;
  box.setAttribute('aria-label', 'select run');
  const sel = document.createElement('td');
  sel.append(box);
  tr.append(sel);
  for (const { column: c, value } of cells) {
    const td = document.createElement('td');
    const v = value(run);
    if (c === 'name') {
      const a = document.createElement('a');
      a.href = link('run', id);
      a.tabIndex = -1;
      a.textContent = v;
      td.append(a);
    } else if (c === 'start') td.textContent = fmtTime(v);
    else if (c === 'commit') { td.textContent = short(v); td.className = 'mono'; }
    else if (c.startsWith('metrics.')) { td.textContent = fmtNumber(v); td.className = 'num'; }
    else td.textContent = v === undefined || v === null ? '' : v;
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
