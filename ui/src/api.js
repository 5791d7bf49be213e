// The UI's one data path: MLflow's REST API of `git ml serve` plus /ajax-api/git-ml/ (docs/ui.md).
// An export (`git ml ui --export DIR`) sets globalThis.GITML_EXPORT from data.js instead: the same answers,
// written down when the export was made, so the pages open from file:// with no server.
import { filterRuns } from './filter.js';

const exported = globalThis.GITML_EXPORT || null;
export const isExport = exported !== null;

export class ApiError extends Error {}

async function call(path, params, body) {
  let url = path;
  if (params) url += '?' + new URLSearchParams(params).toString();
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError('The git-ml server does not answer: is `git ml ui` still running?');
  }
  let json;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without JSON.`);
  }
  if (!response.ok) throw new ApiError(json && json.message ? json.message : `The server answered ${response.status}.`);
  return json;
}

const mlflow = (p) => `ajax-api/2.0/mlflow/${p}`;
const gitml = (p) => `ajax-api/git-ml/${p}`;

export async function info() {
  return isExport ? exported.info : call(gitml('info'));
}

/** Every run (all experiments), optionally filtered by MLflow's search grammar. */
export async function searchRuns(filter) {
  if (isExport) return filterRuns(exported.runs, filter || '');
  const experiments = await call(mlflow('experiments/search'), null, { max_results: 1000, view_type: 'ALL' });
  const ids = (experiments.experiments || []).map((e) => e.experiment_id);
  const runs = [];
  let token;
  do {
    const body = { experiment_ids: ids, max_results: 50000, filter: filter || '' };
    if (token) body.page_token = token;
    const page = await call(mlflow('runs/search'), null, body);
    runs.push(...(page.runs || []));
    token = page.next_page_token;
  } while (token);
  return runs;
}

/** run id -> {commit, branch, dirty} */
export async function runCommits() {
  return isExport ? exported.commits : (await call(gitml('runs'))).runs;
}

export async function getRun(id) {
  if (isExport) {
    const run = exported.runs.find((r) => r.info.run_id === id);
    if (!run) throw new ApiError(`This export holds no run ${id}.`);
    return run;
  }
  return (await call(mlflow('runs/get'), { run_id: id })).run;
}

export async function runContext(id) {
  if (isExport) return exported.contexts[id] || null;
  return call(gitml('run-context'), { run_id: id });
}

export const exportMaxPoints = 2000;

/** {steps, timestamps, values, total}, downsampled by the server to maxPoints (LTTB). */
export async function history(runId, key, maxPoints) {
  if (isExport) {
    const h = exported.histories[runId + '\u0000' + key];
    if (!h) throw new ApiError(`This export holds no history of ${key} for run ${runId}.`);
    return h;
  }
  return call(gitml('metric-history'), { run_id: runId, metric_key: key, max_points: String(maxPoints) });
}

export async function models() {
  if (isExport) return { models: exported.models, versions: exported.versions };
  const m = await call(mlflow('registered-models/search'), { max_results: '1000' });
  const v = await call(mlflow('model-versions/search'), { max_results: '10000' });
  return { models: m.registered_models || [], versions: v.model_versions || [] };
}

export async function pipeline(a, b) {
  if (isExport) return exported.pipeline;
  return call(gitml('pipeline'), { a, b });
}

/** Where an artifact of the run downloads from; null in an export (artifacts are not copied). */
export function artifactUrl(run, path) {
  if (isExport) return null;
  const uri = run.info.artifact_uri || '';
  if (!uri.startsWith('mlflow-artifacts:/')) return null;
  const root = uri.slice('mlflow-artifacts:/'.length).replace(/^\/+/, '');
  return `ajax-api/2.0/mlflow-artifacts/artifacts/${root}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
