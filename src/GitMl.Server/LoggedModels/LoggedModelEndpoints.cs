using GitMl.Core.Runs.Search;
using GitMl.Server.Artifacts;
using GitMl.Server.Http;
using GitMl.Server.Json;
using GitMl.Server.Tracking;
using Microsoft.AspNetCore.Http;

namespace GitMl.Server.LoggedModels;

/// <summary>MLflow 3's logged-model endpoints (service.proto): create, get, finalize, delete, search, tags, params, artifact listing.</summary>
public static class LoggedModelEndpoints
{
    public static void Map(ApiRoutes routes, LoggedModelStore models, TrackingService tracking, Func<string, IReadOnlyList<ModelRegistrationJson>> registrations)
    {
        var context = ServerJsonContext.Default;
        ApiResult Answer(LoggedModel model) => ApiResult.Json(new LoggedModelResponse(Json(model, registrations(model.Id))), context.LoggedModelResponse);

        routes.Post("logged-models", (f, _) =>
        {
            var experiment = tracking.Experiments.Get(f.Required("experiment_id"));
            ExperimentStore.RequireActive(experiment);
            string? runId = f.String("source_run_id");
            if (!string.IsNullOrEmpty(runId))
            {
                tracking.GetRun(runId);
            }
            var model = models.Create(experiment.Id, f.String("name"), f.String("model_type"), runId, TrackingEndpoints.KeyValues(f, "params"), TrackingEndpoints.KeyValues(f, "tags"));
            return Answer(model);
        });
        routes.Get("logged-models/{model_id}", (_, c) => Answer(models.Get(ModelId(c))));
        routes.Patch("logged-models/{model_id}", (f, c) =>
        {
            string text = f.Required("status");
            string status = LoggedModelStatus.Parse(text) ?? throw MlflowException.InvalidParameter($"Invalid value '{text}' for parameter 'status': use LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED");
            return Answer(models.Change(ModelId(c), m => m with { Status = status }));
        });
        routes.Delete("logged-models/{model_id}", (_, c) =>
        {
            models.Change(ModelId(c), m => m with { Deleted = true });
            return ApiResult.Empty;
        });
        routes.Patch("logged-models/{model_id}/tags", (f, c) =>
        {
            var tags = TrackingEndpoints.KeyValues(f, "tags");
            models.Change(ModelId(c), m => m with { Tags = Merge(m.Tags, tags) });
            return ApiResult.Empty;
        });
        routes.Delete("logged-models/{model_id}/tags/{tag_key}", (_, c) =>
        {
            string key = Uri.UnescapeDataString((string)c.Request.RouteValues["tag_key"]!);
            models.Change(ModelId(c), m => m.Tags.ContainsKey(key)
                ? m with { Tags = m.Tags.Where(t => t.Key != key).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) }
                : throw MlflowException.NotFound($"No tag with key '{key}' on logged model {m.Id}"));
            return ApiResult.Empty;
        });
        routes.Post("logged-models/{model_id}/params", (f, c) =>
        {
            var parameters = TrackingEndpoints.KeyValues(f, "params");
            models.Change(ModelId(c), m => m with { Params = Merge(m.Params, parameters) });
            return ApiResult.Empty;
        });
        routes.Get("logged-models/{model_id}/artifacts/directories", (f, c) =>
        {
            var model = models.Get(ModelId(c));
            var directory = ArtifactPath.Parse(f.String("artifact_directory_path"));
            var files = ArtifactTree.List(model.Files, directory).Select(e => e with { Path = directory.IsRoot ? e.Path : directory.Text + "/" + e.Path }).ToList();
            return ApiResult.Json(new ListArtifactsResponse(model.ArtifactUri, files.Count == 0 ? null : files), context.ListArtifactsResponse);
        });
        routes.Post("logged-models/search", (f, _) =>
        {
            var ids = f.Strings("experiment_ids").ToHashSet(StringComparer.Ordinal);
            int max = PageToken.MaxResults(f.Long("max_results"), 100, 50_000);
            var filter = RunFilter.Parse(f.String("filter"));
            var selected = models.All().Where(m => ids.Contains(m.ExperimentId) && filter.Matches(new Searchable(m)));
            IOrderedEnumerable<LoggedModel>? sorted = null;
            foreach (var order in f.Messages("order_by"))
            {
                string field = order.Required("field_name");
                bool ascending = order.Bool("ascending") ?? true;
                Func<LoggedModel, IComparable> key = field switch
                {
                    "name" => m => m.Name,
                    "creation_timestamp" or "creation_time" => m => m.CreationTime,
                    "last_updated_timestamp" => m => m.LastUpdatedTime,
                    "model_id" => m => m.Id,
                    _ => throw MlflowException.InvalidParameter($"Invalid order_by field '{field}': order logged models by name, creation_timestamp, last_updated_timestamp or model_id"),
                };
                sorted = sorted is null
                    ? ascending ? selected.OrderBy(key) : selected.OrderByDescending(key)
                    : ascending ? sorted.ThenBy(key) : sorted.ThenByDescending(key);
            }
            var all = (sorted ?? selected.OrderByDescending(m => m.CreationTime)).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
            var (page, next) = PageToken.Slice(all, f.String("page_token"), max);
            return ApiResult.Json(new SearchLoggedModelsResponse(page.Count == 0 ? null : page.Select(m => Json(m, registrations(m.Id))).ToList(), next), context.SearchLoggedModelsResponse);
        });
    }

    public static LoggedModelJson Json(LoggedModel m, IReadOnlyList<ModelRegistrationJson> registrations) => new(
        new LoggedModelInfoJson(m.Id, m.ExperimentId, m.Name, m.CreationTime, m.LastUpdatedTime, m.ArtifactUri, m.Status, m.ModelType, m.SourceRunId, m.StatusMessage,
            m.Tags.Count == 0 ? null : m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value)).ToList(),
            registrations.Count == 0 ? null : registrations),
        new LoggedModelDataJson(m.Params.Count == 0 ? null : m.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValueJson(p.Key, p.Value)).ToList(), null));

    private static string ModelId(HttpContext context) => (string)context.Request.RouteValues["model_id"]!;

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string> added)
    {
        var merged = new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[RunLimits.Key(key, "tag")] = value;
        }
        return merged;
    }

    /// <summary>A logged model as the filter language sees it: name, tags and params.</summary>
    private sealed class Searchable(LoggedModel model) : ISearchableRun
    {
        public string RunId => model.Id;

        public double? Metric(string name) => null;

        public string? Param(string name) => model.Params.TryGetValue(name, out var value) ? value : null;

        public string? Tag(string name) => model.Tags.TryGetValue(name, out var value) ? value : null;

        public SearchValue? Attribute(string name) => name == RunAttributes.RunName ? SearchValue.FromText(model.Name) : null;
    }
}
