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

/**
 * The runs table: {metrics: [key], params: [key], rows: [{id, name, status, start, end, experiment, user, commit, branch,
 * dirty, m: [value per metric key], p: [value per param key]}]}, newest first. One compact request to the server
 * (runs-table: only these columns, filtered with git-ml's own parser); an export converts its runs to the same shape.
 */
export async function runsTable(filter) {
  if (isExport) return tableOf(filterRuns(exported.runs, filter || ''), exported.commits || {});
  const t = await call(gitml('runs-table'), { filter: filter || '' });
  const at = Object.fromEntries(t.columns.map((c, i) => [c, i]));
  const rows = t.runs.map((r) => ({
    id: r[at.id], name: r[at.name], status: r[at.status], start: r[at.start], end: r[at.end], experiment: r[at.experiment_id],
    user: r[at.user], commit: r[at.commit], branch: r[at.branch], dirty: r[at.dirty], m: r[at.metrics], p: r[at.params],
  }));
  return { metrics: t.metrics, params: t.params, rows };
}

function tableOf(runs, commits) {
  const keys = (field) => [...new Set(runs.flatMap((r) => ((r.data && r.data[field]) || []).map((x) => x.key)))].sort();
  const metrics = keys('metrics'), params = keys('params');
  const rows = runs.map((r) => {
    const m = new Map(((r.data && r.data.metrics) || []).map((x) => [x.key, x.value]));
    const p = new Map(((r.data && r.data.params) || []).map((x) => [x.key, x.value]));
    const c = commits[r.info.run_id] || {};
    return { id: r.info.run_id, name: r.info.run_name, status: r.info.status, start: r.info.start_time, end: r.info.end_time,
      experiment: r.info.experiment_id, user: r.info.user_id, commit: c.commit || '', branch: c.branch || null, dirty: !!c.dirty,
      m: metrics.map((k) => (m.has(k) ? m.get(k) : null)), p: params.map((k) => (p.has(k) ? p.get(k) : null)) };
  });
  return { metrics, params, rows };
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

/** Every model with its audit trail and each version's lineage (run, commit, params, data, metrics), objects here and on the remote. */
export async function registry() {
  if (isExport) return exported.registry || { models: [] };
  return call(gitml('registry'));
}

/** The metrics and params of revisions a and b compared, as `git ml metrics diff` / `git ml params diff` --all. */
export async function valuesDiff(a, b) {
  if (isExport) return exported.values_diff || { revisions: [a, b], error: 'This export holds no values diff.' };
  return call(gitml('values-diff'), { a, b });
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
