using System.Text.Json;
using GitMl.Core.Runs;
using GitMl.Core.Runs.Search;
using GitMl.Server.Http;
using GitMl.Server.Json;

namespace GitMl.Server.Tracking;

/// <summary>MLflow's tracking endpoints (service.proto): experiments, runs, metric history. Each handler reads the request message, calls <see cref="TrackingService"/> or <see cref="ExperimentStore"/>, and writes the response message.</summary>
public static class TrackingEndpoints
{
    private const int MaxRunResults = 50_000;
    private const int DefaultRunResults = 1000;
    private const int MaxExperimentResults = 50_000;

    public static void Map(ApiRoutes routes, TrackingService tracking)
    {
        var experiments = tracking.Experiments;
        var context = ServerJsonContext.Default;

        routes.Post("experiments/create", (f, _) =>
        {
            var experiment = experiments.Create(f.Required("name"), KeyValues(f, "tags"));
            return ApiResult.Json(new CreateExperimentResponse(experiment.Id), context.CreateExperimentResponse);
        });
        routes.Get("experiments/get", (f, _) =>
        {
            tracking.Catalog.Current();
            return ApiResult.Json(new ExperimentResponse(RunJsonMapper.Experiment(experiments.Get(f.Required("experiment_id")))), context.ExperimentResponse);
        });
        routes.Get("experiments/get-by-name", (f, _) =>
        {
            string name = f.Required("experiment_name");
            tracking.Catalog.Current();
            var experiment = experiments.FindByName(name) ?? throw MlflowException.NotFound($"Could not find experiment with name '{name}'");
            return ApiResult.Json(new ExperimentResponse(RunJsonMapper.Experiment(experiment)), context.ExperimentResponse);
        });
        ApiHandler search = (f, _) =>
        {
            tracking.Catalog.Current();
            int max = PageToken.MaxResults(f.Long("max_results"), 1000, MaxExperimentResults);
            var found = ExperimentSearch.Apply(experiments.All(), f.String("view_type"), f.String("filter"), f.Strings("order_by"));
            var (page, next) = PageToken.Slice(found, f.String("page_token"), max);
            return ApiResult.Json(new SearchExperimentsResponse(page.Count == 0 ? null : page.Select(RunJsonMapper.Experiment).ToList(), next), context.SearchExperimentsResponse);
        };
        routes.Post("experiments/search", search);
        routes.Get("experiments/search", search);
        routes.Post("experiments/update", (f, _) =>
        {
            experiments.Rename(f.Required("experiment_id"), f.Required("new_name"));
            return ApiResult.Empty;
        });
        routes.Post("experiments/delete", (f, _) =>
        {
            experiments.Delete(f.Required("experiment_id"));
            return ApiResult.Empty;
        });
        routes.Post("experiments/restore", (f, _) =>
        {
            experiments.Restore(f.Required("experiment_id"));
            return ApiResult.Empty;
        });
        routes.Post("experiments/set-experiment-tag", (f, _) =>
        {
            string key = RunLimits.Key(f.Required("key"), "tag");
            experiments.SetTag(f.Required("experiment_id"), key, RunLimits.TagValue(key, f.String("value")));
            return ApiResult.Empty;
        });
        routes.Post("experiments/delete-experiment-tag", (f, _) =>
        {
            experiments.DeleteTag(f.Required("experiment_id"), f.Required("key"));
            return ApiResult.Empty;
        });

        routes.Post("runs/create", (f, _) =>
        {
            var view = tracking.CreateRun(f.String("experiment_id") is { Length: > 0 } e ? e : Experiment.DefaultId, f.String("user_id"), f.Long("start_time"), KeyValues(f, "tags"), f.String("run_name"));
            return ApiResult.Json(new RunResponse(RunJsonMapper.Run(view)), context.RunResponse);
        });
        routes.Get("runs/get", (f, _) => ApiResult.Json(new RunResponse(RunJsonMapper.Run(tracking.GetRun(RunIdOf(f)))), context.RunResponse));
        routes.Post("runs/update", (f, _) =>
        {
            string? status = f.String("status") is { } s ? RunStatuses.Parse(s) ?? throw MlflowException.InvalidParameter($"Invalid value '{s}' for parameter 'status': use one of {string.Join(", ", RunStatuses.All)}") : null;
            var view = tracking.UpdateRun(RunIdOf(f), status, f.Long("end_time"), f.String("run_name"));
            return ApiResult.Json(new UpdateRunResponse(RunJsonMapper.Info(view)), context.UpdateRunResponse);
        });
        routes.Post("runs/delete", (f, _) =>
        {
            tracking.SetDeleted(f.Required("run_id"), true);
            return ApiResult.Empty;
        });
        routes.Post("runs/restore", (f, _) =>
        {
            tracking.SetDeleted(f.Required("run_id"), false);
            return ApiResult.Empty;
        });
        routes.Post("runs/log-metric", (f, _) =>
        {
            tracking.Log(RunIdOf(f), [Metric(f)], [], []);
            return ApiResult.Empty;
        });
        routes.Post("runs/log-parameter", (f, _) =>
        {
            tracking.Log(RunIdOf(f), [], [new ParamLogged(f.Required("key"), f.String("value") ?? "")], []);
            return ApiResult.Empty;
        });
        routes.Post("runs/set-tag", (f, _) =>
        {
            tracking.Log(RunIdOf(f), [], [], [new TagChanged(f.Required("key"), f.String("value") ?? "")]);
            return ApiResult.Empty;
        });
        routes.Post("runs/delete-tag", (f, _) =>
        {
            tracking.DeleteTag(f.Required("run_id"), f.Required("key"));
            return ApiResult.Empty;
        });
        routes.Post("runs/log-batch", (f, _) =>
        {
            var metrics = f.Messages("metrics");
            var parameters = f.Messages("params");
            var tags = f.Messages("tags");
            RunLimits.Batch(metrics.Count, parameters.Count, tags.Count);
            tracking.Log(
                f.Required("run_id"),
                metrics.Select(Metric).ToList(),
                parameters.Select(p => new ParamLogged(p.Required("key"), p.String("value") ?? "")).ToList(),
                tags.Select(t => new TagChanged(t.Required("key"), t.String("value") ?? "")).ToList());
            return ApiResult.Empty;
        });
        routes.Post("runs/log-inputs", (f, _) =>
        {
            string runId = f.Required("run_id");
            var existing = tracking.GetRun(runId).Record.Tags.TryGetValue(ServerTags.Inputs, out var json) ? Deserialize(json, context.RunInputsJson) : null;
            var datasets = (existing?.DatasetInputs ?? []).ToList();
            foreach (var input in f.Messages("datasets"))
            {
                var d = input.Message("dataset") ?? throw MlflowException.Missing("datasets.dataset");
                var dataset = new DatasetJson(d.Required("name"), d.Required("digest"), d.Required("source_type"), d.Required("source"), d.String("schema"), d.String("profile"));
                var inputTags = KeyValues(input, "tags").Select(t => new KeyValueJson(t.Key, t.Value)).ToList();
                datasets.RemoveAll(x => x.Dataset.Name == dataset.Name && x.Dataset.Digest == dataset.Digest);
                datasets.Add(new DatasetInputJson(inputTags.Count == 0 ? null : inputTags, dataset));
            }
            var models = (existing?.ModelInputs ?? []).Concat(f.Messages("models").Select(m => new ModelInputJson(m.Required("model_id")))).DistinctBy(m => m.ModelId).ToList();
            var value = new RunInputsJson(datasets.Count == 0 ? null : datasets, models.Count == 0 ? null : models);
            tracking.Log(runId, [], [], [new TagChanged(ServerTags.Inputs, JsonSerializer.Serialize(value, context.RunInputsJson))]);
            return ApiResult.Empty;
        });
        routes.Post("runs/outputs", (f, _) =>
        {
            string runId = f.Required("run_id");
            var existing = tracking.GetRun(runId).Record.Tags.TryGetValue(ServerTags.Outputs, out var json) ? Deserialize(json, context.RunOutputsJson) : null;
            var models = (existing?.ModelOutputs ?? []).Concat(f.Messages("models").Select(m => new ModelOutputJson(m.Required("model_id"), m.Long("step") ?? 0))).DistinctBy(m => m.ModelId).ToList();
            tracking.Log(runId, [], [], [new TagChanged(ServerTags.Outputs, JsonSerializer.Serialize(new RunOutputsJson(models), context.RunOutputsJson))]);
            return ApiResult.Empty;
        });
        routes.Post("runs/log-model", (f, _) =>
        {
            string runId = RunIdOf(f);
            string modelJson = f.Required("model_json");
            string entry = LoggedModelHistory.Validate(modelJson);
            var run = tracking.GetRun(runId).Record;
            string history = LoggedModelHistory.Append(run.Tags.TryGetValue(ServerTags.LoggedModels, out var h) ? h : null, entry);
            tracking.Log(runId, [], [], [new TagChanged(ServerTags.LoggedModels, history)]);
            return ApiResult.Empty;
        });
        routes.Post("runs/search", (f, _) =>
        {
            int max = PageToken.MaxResults(f.Long("max_results"), DefaultRunResults, MaxRunResults);
            var ids = f.Strings("experiment_ids").ToHashSet(StringComparer.Ordinal);
            bool? deleted = ViewTypes.Deleted(f.String("run_view_type"));
            var orderBy = f.Strings("order_by");
            var query = RunQuery.Parse(f.String("filter"), orderBy.Count == 0 ? null : string.Join(", ", orderBy), null);
            var candidates = tracking.AllRuns()
                .Where(v => ids.Contains(v.ExperimentId) && (deleted is null || v.Record.Deleted == deleted))
                .Select(v => new SearchableView(v));
            var found = query.Apply(candidates);
            var (page, next) = PageToken.Slice(found, f.String("page_token"), max);
            return ApiResult.Json(new SearchRunsResponse(page.Count == 0 ? null : page.Select(s => RunJsonMapper.Run(s.View)).ToList(), next), context.SearchRunsResponse);
        });
        routes.Get("metrics/get-history", (f, _) =>
        {
            string runId = RunIdOf(f);
            string key = f.Required("metric_key");
            var points = tracking.MetricHistory(runId, key).Select(p => new MetricJson(key, p.Value, p.TimestampMs, p.Step)).ToList();
            var (page, next) = f.Has("max_results")
                ? PageToken.Slice(points, f.String("page_token"), PageToken.MaxResults(f.Long("max_results"), 25_000, 25_000))
                : (points, null);
            return ApiResult.Json(new MetricHistoryResponse(page.Count == 0 ? null : page, next), context.MetricHistoryResponse);
        });
    }

    /// <summary>run_id, or the deprecated run_uuid older clients send.</summary>
    public static string RunIdOf(ApiFields f) =>
        f.String("run_id") is { Length: > 0 } id ? id : f.String("run_uuid") is { Length: > 0 } uuid ? uuid : throw MlflowException.Missing("run_id");

    public static Dictionary<string, string> KeyValues(ApiFields f, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in f.Messages(name))
        {
            values[item.Required("key")] = item.String("value") ?? "";
        }
        return values;
    }

    private static MetricLogged Metric(ApiFields f) => new(
        f.Required("key"),
        f.Double("value") ?? throw MlflowException.Missing("value"),
        f.Long("timestamp") ?? throw MlflowException.Missing("timestamp"),
        f.Long("step") ?? 0);

    private static T? Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A run as the search engine sees it: git-ml's searchable run, carrying the view it came from.</summary>
    internal sealed class SearchableView(RunView view) : ISearchableRun
    {
        private readonly SearchableRun _run = new(view.Record);

        public RunView View => view;

        public string RunId => _run.RunId;

        public double? Metric(string name) => _run.Metric(name);

        public string? Param(string name) => _run.Param(name);

        public string? Tag(string name) => _run.Tag(name);

        public SearchValue? Attribute(string name) => _run.Attribute(name);
    }
}
