// MLflow's run search grammar, evaluated in the browser for exports (a server does it with git-ml's own parser):
// comparisons joined by AND, e.g.  metrics.acc > 0.9 and params.model = 'rf' and tags.`team` LIKE 'vis%'
// Errors say where, as the server's do.

export class FilterError extends Error {}

function fail(problem, input, pos) {
  const shown = input.replace(/[\u0000-\u001f]/g, ' ');
  throw new FilterError(`${problem} at position ${pos}:\n  ${shown}\n  ${' '.repeat(pos)}^`);
}

function tokenize(input) {
  const tokens = [];
  const re = /\s*(?:(`[^`]*`|"[^"]*"|'(?:[^'\\]|\\.)*')|(<=|>=|!=|=|<|>)|([A-Za-z_][\w.\-]*)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))/y;
  let pos = 0;
  while (pos < input.length) {
    if (/^\s*$/.test(input.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(input);
    if (!m) fail('unexpected character', input, pos + (input.slice(pos).length - input.slice(pos).trimStart().length));
    const at = m.index + m[0].length - m[0].trimStart().length;
    if (m[1] !== undefined) tokens.push({ kind: m[1][0] === '`' ? 'ident' : 'string', text: m[1].slice(1, -1), at });
    else if (m[2] !== undefined) tokens.push({ kind: 'op', text: m[2], at });
    else if (m[3] !== undefined) tokens.push({ kind: 'word', text: m[3], at });
    else tokens.push({ kind: 'number', text: m[4], at });
    pos = re.lastIndex;
  }
  return tokens;
}

function parse(input) {
  const t = tokenize(input);
  const clauses = [];
  let i = 0;
  const end = () => fail('the filter ended too early', input, input.length);
  while (i < t.length) {
    const key = t[i] || end();
    if (key.kind !== 'word') fail('expected metrics.<name>, params.<name>, tags.<name> or attributes.<name>', input, key.at);
    let [entity, ...rest] = key.text.split('.');
    let name = rest.join('.');
    i++;
    if (!name && t[i] && t[i].kind === 'ident') { name = t[i].text; i++; }
    entity = ({ metric: 'metrics', param: 'params', tag: 'tags', attribute: 'attributes', attr: 'attributes', run: 'attributes' })[entity] || entity;
    if (!['metrics', 'params', 'tags', 'attributes'].includes(entity) || !name) {
      fail('expected metrics.<name>, params.<name>, tags.<name> or attributes.<name>', input, key.at);
    }
    const op = t[i] || end();
    let operator = op.text.toUpperCase();
    if (!(op.kind === 'op' || (op.kind === 'word' && ['LIKE', 'ILIKE'].includes(operator)))) fail('expected a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE)', input, op.at);
    i++;
    const value = t[i] || end();
    if (entity === 'metrics' ? value.kind !== 'number' : value.kind !== 'string') {
      fail(entity === 'metrics' ? 'expected a number' : 'expected a quoted string', input, value.at);
    }
    i++;
    clauses.push({ entity, name, operator, value: entity === 'metrics' ? Number(value.text) : value.text });
    if (i < t.length) {
      if (t[i].kind !== 'word' || t[i].text.toUpperCase() !== 'AND') fail('expected AND', input, t[i].at);
      i++;
      if (i >= t.length) end();
    }
  }
  return clauses;
}

function like(pattern, text, insensitive) {
  const re = new RegExp('^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.') + '$', insensitive ? 'is' : 's');
  return re.test(text);
}

function compare(actual, op, expected) {
  if (actual === undefined || actual === null) return false;
  switch (op) {
    case '=': return actual === expected;
    case '!=': return actual !== expected;
    case '<': return actual < expected;
    case '<=': return actual <= expected;
    case '>': return actual > expected;
    case '>=': return actual >= expected;
    case 'LIKE': return like(expected, String(actual), false);
    case 'ILIKE': return like(expected, String(actual), true);
    default: return false;
  }
}

function valueOf(run, entity, name) {
  const d = run.data || {};
  const find = (list) => (list || []).find((x) => x.key === name);
  if (entity === 'metrics') { const m = find(d.metrics); return m ? m.value : undefined; }
  if (entity === 'params') { const p = find(d.params); return p ? p.value : undefined; }
  if (entity === 'tags') { const t = find(d.tags); return t ? t.value : undefined; }
  const info = run.info || {};
  return ({ run_name: info.run_name, status: info.status, run_id: info.run_id, user_id: info.user_id })[name] ?? info[name];
}

export function filterRuns(runs, filter) {
  const clauses = parse(filter);
  return runs.filter((run) => clauses.every((c) => compare(valueOf(run, c.entity, c.name), c.operator, c.value)));
}
