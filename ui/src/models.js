// Models: every registered model, its versions with stage and aliases, and where each version came from
// (run, and through it commit and data: the run page shows those).
import * as api from './api.js';
import { h, fmtTime, short } from './dom.js';
import { link } from './router.js';

export async function renderModels(root, route, alive) {
  const { models, versions } = await api.models();
  if (!alive()) return;
  root.append(h('h1', null, 'Models'));
  if (models.length === 0) {
    root.append(h('p', { class: 'muted' }, 'No registered models yet: git ml model register NAME PATH, or MLflow\'s register_model through git ml serve.'));
    return;
  }
  for (const m of models.slice().sort((a, b) => a.name.localeCompare(b.name))) {
    const mine = versions.filter((v) => v.name === m.name).sort((a, b) => Number(b.version) - Number(a.version));
    const aliasesOf = (v) => [...new Set([...(v.aliases || []), ...((m.aliases || []).filter((a) => a.version === v.version).map((a) => a.alias))])].sort();
    root.append(h('section', { class: 'card model', 'data-model': m.name },
      h('h2', null, m.name),
      m.description ? h('p', null, m.description) : null,
      h('table', { class: 'versions' },
        h('thead', null, h('tr', null, ['Version', 'Stage', 'Aliases', 'Run', 'Source', 'Created', 'Status'].map((x) => h('th', null, x)))),
        h('tbody', null, mine.map((v) => h('tr', { 'data-version': v.version, 'data-stage': v.current_stage || 'None', 'data-aliases': aliasesOf(v).join(',') },
          h('td', null, v.version),
          h('td', null, h('span', { class: `stage stage-${(v.current_stage || 'None').toLowerCase().replace(/[^a-z]/g, '')}` }, v.current_stage || 'None')),
          h('td', null, aliasesOf(v).map((a) => h('span', { class: 'alias' }, '@' + a))),
          h('td', null, v.run_id ? h('a', { href: link('run', v.run_id) }, short(v.run_id)) : ''),
          h('td', { class: 'mono source' }, v.source || ''),
          h('td', null, fmtTime(v.creation_timestamp)),
          h('td', null, v.status || '')))))));
  }
}
