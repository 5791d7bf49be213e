// Models: every registered model, its versions with stage and aliases, its audit trail (`git ml model history`), and
// the lineage of one version (`git ml lineage models:/NAME/N`): the data it was trained on (approved or not, here and
// on the data remote) and the commit, to the run, to the version. #/models?model=NAME&version=N picks the version.
import * as api from './api.js';
import { h, fmtTime, fmtBytes, fmtNumber, short } from './dom.js';
import { link } from './router.js';
import { lineageGraph } from './lineage.js';
import { table } from './run.js';

export async function renderModels(root, route, alive) {
  const [{ models, versions }, registry] = await Promise.all([api.models(), api.registry()]);
  if (!alive()) return;
  root.append(h('h1', null, 'Models'));
  if (models.length === 0) {
    root.append(h('p', { class: 'muted' }, 'No registered models yet: git ml model register NAME PATH, or MLflow\'s register_model through git ml serve.'));
    return;
  }
  const details = new Map((registry.models || []).map((m) => [m.name, m]));
  const chosenModel = route.params.get('model');
  const chosenVersion = route.params.get('version');
  if (registry.remote_problem) root.append(h('p', { class: 'muted', id: 'remote-problem' }, `Data remote: ${registry.remote_problem}.`));
  for (const m of models.slice().sort((a, b) => a.name.localeCompare(b.name))) {
    const mine = versions.filter((v) => v.name === m.name).sort((a, b) => Number(b.version) - Number(a.version));
    const aliasesOf = (v) => [...new Set([...(v.aliases || []), ...((m.aliases || []).filter((a) => a.version === v.version).map((a) => a.alias))])].sort();
    const detail = details.get(m.name);
    const shown = m.name === chosenModel ? chosenVersion : null;
    const card = h('section', { class: 'card model', 'data-model': m.name, id: `model-${m.name}` },
      h('h2', null, m.name),
      m.description ? h('p', null, m.description) : null,
      h('table', { class: 'versions' },
        h('thead', null, h('tr', null, ['Version', 'Stage', 'Aliases', 'Run', 'Source', 'Created', 'Status', 'Lineage'].map((x) => h('th', null, x)))),
        h('tbody', null, mine.map((v) => h('tr', { 'data-version': v.version, 'data-stage': v.current_stage || 'None', 'data-aliases': aliasesOf(v).join(','),
          class: shown === String(v.version) ? 'selected' : '' },
        h('td', null, v.version),
        h('td', null, h('span', { class: `stage stage-${(v.current_stage || 'None').toLowerCase().replace(/[^a-z]/g, '')}` }, v.current_stage || 'None')),
        h('td', null, aliasesOf(v).map((a) => h('span', { class: 'alias' }, '@' + a))),
        h('td', null, v.run_id ? h('a', { href: link('run', v.run_id) }, short(v.run_id)) : ''),
        h('td', { class: 'mono source' }, v.source || ''),
        h('td', null, fmtTime(v.creation_timestamp)),
        h('td', null, v.status || ''),
        h('td', null, detail ? h('a', { href: link('models', '', { model: m.name, version: String(v.version) }), class: 'show-lineage' }, 'show') : ''))))));
    if (detail) {
      const version = (detail.versions || []).find((v) => String(v.version) === (shown || '')) || null;
      if (version) card.append(versionLineage(detail, version, registry.remote));
      card.append(history(detail));
    }
    root.append(card);
  }
  if (chosenModel) document.getElementById(`model-${chosenModel}`)?.scrollIntoView();
}

/** The audit trail, newest first: who did what to which version, from which state to which, and why. */
function history(model) {
  const events = (model.events || []).slice().reverse();
  return h('details', { class: 'history', open: true },
    h('summary', null, `Audit trail (${events.length} event${events.length === 1 ? '' : 's'})`),
    events.length === 0 ? h('p', { class: 'muted' }, 'None.') : h('table', { class: 'events', 'data-model': model.name },
      h('thead', null, h('tr', null, ['When', 'Who', 'Action', 'Version', 'From', 'To', 'Message'].map((x) => h('th', null, x)))),
      h('tbody', null, events.map((e) => h('tr', { 'data-action': e.action, 'data-version': String(e.version), 'data-to': e.to },
        h('td', null, fmtTime(e.time)), h('td', null, e.user), h('td', null, e.action), h('td', null, String(e.version)),
        h('td', null, e.from), h('td', null, e.to), h('td', { title: e.detail || '' }, [e.message, e.detail].filter(Boolean).join(' \u2014 ')))))));
}

/** Data and commit -> run -> this version, then the facts behind each node. */
function versionLineage(model, v, remote) {
  const data = (v.data || []).map((f) => ({ id: 'data:' + f.path, kind: f.approved ? 'data' : 'data unapproved', label: f.path,
    sub: `${short(f.oid)}${f.approved ? ' approved' : ' not approved'}`, title: f.oid }));
  const commit = v.commit ? [{ id: 'commit:' + v.commit, kind: 'commit', label: v.branch ? `commit on ${v.branch}` : 'commit', sub: short(v.commit), title: v.commit }] : [];
  const run = v.run ? [{ id: 'run:' + v.run.id, kind: v.run.known ? 'run' : 'run missing', label: v.run.name || `run ${short(v.run.id)}`,
    sub: v.run.known ? `${v.run.status} ${short(v.run.id)}` : 'not in this clone (git ml fetch)', href: v.run.known ? link('run', v.run.id) : null }] : [];
  const self = [{ id: `model:${model.name}/${v.version}`, kind: 'model', label: `${model.name} v${v.version}`,
    sub: [v.state, ...(v.aliases || []).map((a) => '@' + a)].join(' ') }];
  const graph = run.length ? lineageGraph([[...data, ...commit], run, self], 'model-lineage') : lineageGraph([[...data, ...commit], self], 'model-lineage');
  const yesNo = (x) => (x === true ? 'yes' : x === false ? 'no' : '?');
  const where = remote ? `On ${remote}` : 'On the data remote';
  const object = v.object;
  return h('section', { class: 'lineage-detail', id: 'version-lineage', 'data-model': model.name, 'data-version': String(v.version) },
    h('h3', null, `Lineage of ${v.uri || `${model.name} v${v.version}`}`),
    h('div', { class: 'table-wrap' }, graph),
    h('p', null, `Registered by ${v.user} on ${fmtTime(v.time)}${v.message ? `: ${v.message}` : ''}. Content ${v.path} (${fmtBytes(object.size)}, `,
      h('span', { class: 'mono', title: object.oid }, short(object.oid)), `), here: ${yesNo(object.in_local_store)}, ${where.toLowerCase()}: ${yesNo(object.on_remote)}.`),
    h('h4', null, 'Training data'),
    table(['Path', 'Oid', 'Size', 'Approved', 'In local store', where],
      (v.data || []).map((f) => [f.path, h('span', { class: 'mono', title: f.oid }, short(f.oid)), fmtBytes(f.size), yesNo(f.approved), yesNo(f.in_local_store), yesNo(f.on_remote)]), 'version-data'),
    h('h4', null, 'Params and metrics at registration'),
    table(['Name', 'Value'], [
      ...Object.entries(v.params || {}).map(([k, x]) => [`params.${k}`, x]),
      ...Object.entries(v.metrics || {}).map(([k, x]) => [`metrics.${k}`, fmtNumber(x)]),
    ], 'version-values'));
}
