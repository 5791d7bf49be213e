using System.Text.Json.Nodes;
using GitMl.Core;
using GitMl.Core.Lineage;
using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Server.Tracking;

namespace GitMl.Server.Ui;

/// <summary>
/// The registry as the Models page shows it (<c>registry</c>): each model's audit trail (what `git ml model history`
/// prints) and each version's lineage (what `git ml lineage models:/NAME/N` traces: run, commit, params, data with
/// approval, metrics), plus whether each object is in the local store and on the data remote. And, for the Run page,
/// the model versions registered from a run and which of its inputs are approved. Read-only, over Core's
/// <see cref="ModelRegistry"/> and <see cref="LineageTracer"/> (with the server's cached run catalog).
/// </summary>
public static class UiLineage
{
    public static JsonObject Registry(MlRepository repo, TrackingService tracking, UiDataRemote remote)
    {
        var snapshot = new ModelRegistry(repo).Read();
        var tracer = new LineageTracer(repo, tracking.Catalog.Current);
        var reports = new List<(ModelRecord Model, ModelVersion Version, LineageReport Report)>();
        foreach (var model in snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (var version in model.Versions.OrderByDescending(v => v.Number))
            {
                reports.Add((model, version, tracer.ForModel(new ResolvedModel(ModelUri.ForVersion(model.Name, version.Number), model, version))));
            }
        }
        var oids = reports.SelectMany(r => r.Report.Data.Select(d => d.Oid).Append(r.Version.Oid)).Select(Oid).OfType<ObjectId>();
        var presence = remote.Check(oids);

        var models = new JsonArray();
        foreach (var model in snapshot.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var versions = new JsonArray();
            foreach (var (_, version, report) in reports.Where(r => r.Model == model))
            {
                versions.Add((JsonNode)new JsonObject
                {
                    ["version"] = version.Number,
                    ["state"] = model.StateOf(version),
                    ["aliases"] = Strings(model.AliasesOf(version.Number)),
                    ["uri"] = report.Model?.Uri,
                    ["kind"] = version.Kind,
                    ["path"] = version.Path,
                    ["object"] = File(repo, version.Path, version.Oid, version.Size, null, presence),
                    ["semver"] = version.Semver,
                    ["user"] = version.User,
                    ["time"] = version.Time.ToUnixTimeMilliseconds(),
                    ["message"] = version.Message,
                    ["commit"] = report.Commit,
                    ["branch"] = report.Branch,
                    ["run"] = report.Run is { } run ? new JsonObject
                    {
                        ["id"] = run.Id,
                        ["name"] = run.Name,
                        ["status"] = run.Status,
                        ["known"] = run.Name is not null,
                    } : null,
                    ["params"] = Map(report.Params),
                    ["metrics"] = Map(report.Metrics),
                    ["data"] = new JsonArray([.. report.Data.Select(d => (JsonNode?)File(repo, d.Path, d.Oid, d.Size, d.Approved, presence))]),
                });
            }
            models.Add((JsonNode)new JsonObject
            {
                ["name"] = model.Name,
                ["events"] = new JsonArray([.. model.Events.Select(e => (JsonNode?)new JsonObject
                {
                    ["time"] = e.Time.ToUnixTimeMilliseconds(),
                    ["user"] = e.User,
                    ["action"] = e.Action,
                    ["version"] = e.Version,
                    ["from"] = e.From,
                    ["to"] = e.To,
                    ["message"] = e.Message,
                    ["detail"] = e.Detail,
                })]),
                ["versions"] = versions,
            });
        }
        return new JsonObject
        {
            ["models"] = models,
            ["remote"] = presence.Remote,
            ["remote_problem"] = presence.Problem,
        };
    }

    /// <summary>The model versions registered from a run (its way forward in the lineage), newest first.</summary>
    public static JsonArray ModelsFromRun(MlRepository repo, string runId) =>
        new([.. new ModelRegistry(repo).Read().Models.Values
            .SelectMany(m => m.Versions.Where(v => v.RunId == runId).Select(v => (Model: m, Version: v)))
            .OrderBy(x => x.Model.Name, StringComparer.Ordinal).ThenByDescending(x => x.Version.Number)
            .Select(x => (JsonNode?)new JsonObject
            {
                ["name"] = x.Model.Name,
                ["version"] = x.Version.Number,
                ["state"] = x.Model.StateOf(x.Version),
                ["aliases"] = Strings(x.Model.AliasesOf(x.Version.Number)),
                ["path"] = x.Version.Path,
            })]);

    /// <summary>A file of a lineage: path, oid, size, approval (for training data), here and on the data remote.</summary>
    public static JsonObject File(MlRepository repo, string path, string oid, long size, bool? approved, UiDataRemote.Presence presence)
    {
        var id = Oid(oid);
        return new JsonObject
        {
            ["path"] = path,
            ["oid"] = oid,
            ["size"] = size,
            ["approved"] = approved,
            ["in_local_store"] = id is { } here && repo.Store.Contains(here),
            ["on_remote"] = id is { } there ? presence.Has(there) : null,
        };
    }

    private static ObjectId? Oid(string text) =>
        ObjectId.TryParse(text.StartsWith("sha256:", StringComparison.Ordinal) ? text["sha256:".Length..] : text, out var id) ? id : null;

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o[k] = v;
        }
        return o;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, double> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o[k] = double.IsFinite(v) ? v : null;
        }
        return o;
    }
}
