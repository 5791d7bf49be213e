import { current } from './router.js';
import { clear, errorBox, h } from './dom.js';
import * as api from './api.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderCompare } from './compare.js';
import { renderModels } from './models.js';
import { renderPipeline } from './pipeline.js';

const pages = { runs: renderRuns, run: renderRun, compare: renderCompare, models: renderModels, pipeline: renderPipeline };
let generation = 0;

async function render() {
  const view = document.getElementById('view');
  const route = current();
  const page = pages[route.page] ? route.page : 'runs';
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.dataset.page === page || (page === 'run' && a.dataset.page === 'runs'));
  }
  const mine = ++generation;
  const root = h('section', { class: 'page', 'data-page': page, 'data-state': 'loading' });
  clear(view).append(root);
  try {
    // A page renders into its own root; a later navigation makes an earlier, slower render harmless.
    await pages[page](root, route, () => mine === generation);
    root.dataset.state = 'ready';
  } catch (e) {
    root.append(errorBox(e));
    root.dataset.state = 'error';
  }
  document.body.dataset.ready = String(mine);
}

async function start() {
  window.addEventListener('hashchange', render);
  // The header's repository name does not hold up the first page: both requests go out at once.
  api.info().then((i) => {
    document.getElementById('repo').textContent = `${i.repository}${api.isExport ? ' (export)' : ''}`;
    document.title = `git-ml: ${i.repository}`;
  }, () => {
    // The pages say what is wrong.
  });
  await render();
}

start();
