using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Core;
using GitMl.Core.Lineage;
using GitMl.Core.Metrics;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Plots;
using GitMl.Core.Remotes;
using GitMl.Core.Runs;
using GitMl.Git;
using GitMl.Server.Http;
using GitMl.Server.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitMl.Server.Ui;

/// <summary>
/// What the web UI needs and MLflow's API lacks, under <c>/ajax-api/git-ml/</c> (docs/ui.md): the commit and files of
/// runs, metric histories downsampled for drawing, and the pipeline's graph, state and plots. Read-only; errors are
/// answered as MLflow answers them (<c>{"error_code", "message"}</c>).
/// </summary>
public static class UiEndpoints
{
    public const string Prefix = "/ajax-api/git-ml/";
    public const int DefaultMaxPoints = 2_000;
    public const int MaxMaxPoints = 100_000;

    /// <param name="blobStores">Opens data remotes, to say which objects the default remote has; null: not asked.</param>
    public static void Map(IEndpointRouteBuilder app, MlRepository repo, TrackingService tracking, string version, IBlobStoreFactory? blobStores)
    {
        var remote = new UiDataRemote(repo, blobStores);
        Get(app, "info", _ => Info(repo, version));
        Get(app, "runs", _ => Runs(tracking));
        GetBytes(app, "runs-table", f => UiRunsTable.Write(tracking, f.String("filter")));
        Get(app, "run-context", f => RunContext(repo, tracking, TrackingEndpoints.RunIdOf(f), f.String("remote") == "0" ? null : remote));
        var histories = new HistoryCache();
        GetBytes(app, "metric-history", f => History(tracking, histories, f));
        Get(app, "pipeline", f => PipelineView(repo, f.String("a") ?? "HEAD", f.String("b") ?? RevisionFiles.WorkspaceLabel));
        Get(app, "values-diff", f => UiValueDiff.Diff(repo, f.String("a") ?? "HEAD", f.String("b") ?? RevisionFiles.WorkspaceLabel));
        Get(app, "registry", f => UiLineage.Registry(repo, tracking, f.String("remote") == "0" ? new UiDataRemote(repo, null) : remote));
    }

    private static void Get(IEndpointRouteBuilder app, string path, Func<ApiFields, JsonNode> handler) =>
        GetBytes(app, path, f => System.Text.Encoding.UTF8.GetBytes(handler(f).ToJsonString()));

    /// <summary>An endpoint that writes its own JSON (large answers, written once with a Utf8JsonWriter).</summary>
    private static void GetBytes(IEndpointRouteBuilder app, string path, Func<ApiFields, byte[]> handler) =>
        app.MapGet(Prefix + path, (RequestDelegate)(async context =>
        {
            try
            {
                byte[] body = handler(ApiFields.FromQuery(context.Request.Query));
                context.Response.ContentType = "application/json";
                context.Response.Headers.CacheControl = "no-store";
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
            }
#pragma warning disable CA1031 // Every failure is answered as MLflow answers errors.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await ApiRoutes.Fail(context, e);
            }
        }));

    private static JsonObject Info(MlRepository repo, string version) => new()
    {
        ["repository"] = Path.GetFileName(repo.WorkTree.TrimEnd('/')),
        ["git_ml_version"] = version,
        ["exported"] = false,
    };

    /// <summary>Every run's commit and branch, for the runs table (runs/search carries neither).</summary>
    private static JsonObject Runs(TrackingService tracking)
    {
        var runs = new JsonObject();
        foreach (var view in tracking.AllRuns())
        {
            var r = view.Record;
            runs[r.Id.Hex] = new JsonObject { ["commit"] = r.Commit, ["branch"] = r.Branch, ["dirty"] = r.Dirty };
        }
        return new JsonObject { ["runs"] = runs };
    }

    /// <param name="remote">Asks the default data remote which of the run's objects it has; null: not asked (an export).</param>
    private static JsonObject RunContext(MlRepository repo, TrackingService tracking, string runId, UiDataRemote? remote)
    {
        var r = tracking.GetRun(runId).Record;
        var commit = GitCommits.Describe(repo.Git, r.Commit);
        var artifacts = tracking.Artifacts(runId);
        var presence = remote?.Check(r.Data.Concat(r.Outputs).Concat(artifacts).Select(f => f.Oid))
            ?? new UiDataRemote.Presence(null, null, "not asked");
        var tracer = new LineageTracer(repo, tracking.Catalog.Current);
        var approved = new Dictionary<(string Path, string Oid), bool>();
        foreach (var d in tracer.ForRun(r).Data)
        {
            approved.TryAdd((d.Path, d.Oid), d.Approved);
        }
        return new JsonObject
        {
            ["run_id"] = r.Id.Hex,
            ["commit"] = r.Commit,
            ["attached_to"] = r.AttachedTo,
            ["branch"] = r.Branch,
            ["dirty"] = r.Dirty,
            ["command"] = new JsonArray([.. r.Command.Select(c => (JsonNode?)c)]),
            ["parent"] = r.Parent?.Hex,
            ["commit_info"] = commit is null ? null : new JsonObject
            {
                ["author"] = commit.Author,
                ["email"] = commit.AuthorEmail,
                ["time"] = commit.AuthorTimeSeconds,
                ["subject"] = commit.Subject,
                ["body"] = commit.Body,
            },
            ["data"] = Files(repo, r.Data, presence, f => approved.TryGetValue((f.Path, f.Oid.Hex), out bool a) && a),
            ["outputs"] = Files(repo, r.Outputs, presence, null),
            ["artifacts"] = Files(repo, artifacts, presence, null),
            ["remote"] = presence.Remote,
            ["remote_problem"] = presence.Problem,
            ["models"] = UiLineage.ModelsFromRun(repo, r.Id.Hex),
        };
    }

    private static JsonArray Files(MlRepository repo, IEnumerable<RunFile> files, UiDataRemote.Presence presence, Func<RunFile, bool>? approved) =>
        new([.. files.Select(f => (JsonNode?)UiLineage.File(repo, f.Path, f.Oid.Hex, f.Size, approved?.Invoke(f), presence))]);

    /// <summary>A metric's history by step, downsampled with <see cref="Lttb"/> to max_points (columns, to stay small).</summary>
    /// <remarks>
    /// A recorded run's long history is an immutable object of the store, so its downsampled answer is kept
    /// (<see cref="HistoryCache"/>, by run, key, oid and max_points): Compare pages opened again, or with another
    /// option, do not parse the same 100,000 points again. A run in progress is always read afresh.
    /// </remarks>
    private static byte[] History(TrackingService tracking, HistoryCache cache, ApiFields f)
    {
        string runId = TrackingEndpoints.RunIdOf(f);
        string key = f.Required("metric_key");
        long max = f.Long("max_points") ?? DefaultMaxPoints;
        if (max is < 3 or > MaxMaxPoints)
        {
            throw MlflowException.InvalidParameter($"max_points must be between 3 and {MaxMaxPoints}");
        }
        var view = tracking.GetRun(runId);
        string? cacheKey = !view.InProgress && view.Record.Metric(key)?.HistoryOid is { } oid ? $"{runId}\n{key}\n{oid.Hex}\n{max}" : null;
        if (cacheKey is not null && cache.TryGet(cacheKey, out byte[]? cached))
        {
            return cached;
        }
        var all = InStepOrder(tracking.MetricHistory(runId, key));
        var kept = Lttb.Downsample(all, (int)max);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 + (kept.Count * 48));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run_id", runId);
            json.WriteString("key", key);
            json.WriteNumber("total", all.Count);
            json.WriteStartArray("steps");
            foreach (var p in kept)
            {
                json.WriteNumberValue(p.Step);
            }
            json.WriteEndArray();
            json.WriteStartArray("timestamps");
            foreach (var p in kept)
            {
                json.WriteNumberValue(p.TimestampMs);
            }
            json.WriteEndArray();
            json.WriteStartArray("values");
            foreach (var p in kept)
            {
                if (double.IsFinite(p.Value))
                {
                    json.WriteNumberValue(p.Value);
                }
                else
                {
                    json.WriteNullValue();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        byte[] body = buffer.WrittenSpan.ToArray();
        if (cacheKey is not null)
        {
            cache.Add(cacheKey, body);
        }
        return body;
    }

    /// <summary>
    /// The points by step, then time (a stable order: equal ones stay as logged). A series is nearly always logged in
    /// that order already: then it is only checked, which costs a tenth of sorting 100,000 points.
    /// </summary>
    internal static IReadOnlyList<MetricPoint> InStepOrder(IReadOnlyList<MetricPoint> points)
    {
        for (int i = 1; i < points.Count; i++)
        {
            var (before, after) = (points[i - 1], points[i]);
            if (after.Step < before.Step || (after.Step == before.Step && after.TimestampMs < before.TimestampMs))
            {
                return points.OrderBy(p => p.Step).ThenBy(p => p.TimestampMs).ToList();
            }
        }
        return points;
    }

    /// <summary>Downsampled histories of recorded runs (immutable), at most <see cref="Capacity"/>; emptied when full.</summary>
    private sealed class HistoryCache
    {
        private const int Capacity = 256;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

        public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? body) => _entries.TryGetValue(key, out body);

        public void Add(string key, byte[] body)
        {
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
            _entries[key] = body;
        }
    }

    private static string Outcome(StageOutcome outcome) => outcome switch
    {
        StageOutcome.UpToDate => "UpToDate",
        StageOutcome.WouldRun => "WouldRun",
        StageOutcome.Frozen => "Frozen",
        StageOutcome.Failed => "Failed",
        _ => "Other",
    };

    /// <summary>The pipeline's graph, what `git ml status` says of each stage, and its plots at revisions a and b (SVG).</summary>
    private static JsonObject PipelineView(MlRepository repo, string a, string b)
    {
        Pipeline? pipeline;
        try
        {
            pipeline = Pipeline.Load(repo);
        }
        catch (PipelineFormatException e)
        {
            return new JsonObject { ["error"] = e.Message };
        }
        if (pipeline is null)
        {
            return new JsonObject { ["graph"] = null };
        }
        var stages = new JsonArray();
        foreach (var stage in pipeline.Status())
        {
            stages.Add((JsonNode)new JsonObject
            {
                ["name"] = stage.Stage,
                ["outcome"] = Outcome(stage.Outcome),
                ["reasons"] = new JsonArray([.. stage.Reasons.Select(r => (JsonNode?)r)]),
                ["error"] = stage.Error,
            });
        }
        var plots = new JsonArray();
        var problems = new JsonArray();
        try
        {
            var revisions = new[] { a, b }.Distinct(StringComparer.Ordinal).Select(n => Revisions.Resolve(repo, n)).ToList();
            foreach (var plot in PlotsReport.Collect(revisions, []))
            {
                plots.Add((JsonNode)new JsonObject
                {
                    ["id"] = plot.Definition.Id,
                    ["svg"] = SvgPlot.Render(plot),
                    ["series"] = plot.Series.Count,
                    ["problems"] = new JsonArray([.. plot.Problems.Select(p => (JsonNode?)p)]),
                });
            }
        }
        catch (ArgumentException e)
        {
            problems.Add((JsonNode?)JsonValue.Create(e.Message));
        }
        catch (PipelineFormatException e)
        {
            problems.Add((JsonNode?)JsonValue.Create(e.Message));
        }
        return new JsonObject
        {
            ["graph"] = JsonNode.Parse(DagRenderer.Json(pipeline.Graph)),
            ["stages"] = stages,
            ["revisions"] = new JsonArray(a, b),
            ["plots"] = plots,
            ["problems"] = problems,
        };
    }
}
