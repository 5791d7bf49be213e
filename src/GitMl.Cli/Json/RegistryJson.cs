using GitMl.Core.Registry;

namespace GitMl.Cli.Json;

// The `git ml model ... --json` shapes. A contract with users' scripts: add fields, never rename or remove them.

public sealed record ModelArtifactJson(string Path, string Oid, long Size);

public sealed record ModelVersionJson(
    string Model, int Version, string Uri, string State, string Kind, string Oid, long Size, string Path, string? Commit, string? Run, string? Semver,
    string User, string Time, string Message, IReadOnlyList<string> Aliases, IReadOnlyList<string> RollbackTargetOf, string? Archived, string? Deleted,
    Dictionary<string, string> Params, Dictionary<string, double> Metrics, IReadOnlyList<ModelArtifactJson> Data)
{
    public static ModelVersionJson From(ModelRecord model, ModelVersion v) => new(
        model.Name, v.Number, $"models:/{model.Name}/{v.Number}", model.StateOf(v), v.Kind, v.Oid, v.Size, v.Path, v.Commit, v.RunId, v.Semver,
        v.User, ModelFile.FormatTime(v.Time), v.Message, model.AliasesOf(v.Number), model.RollbackTargetOf(v.Number),
        v.Archived is { } a ? ModelFile.FormatTime(a) : null, v.Deleted is { } d ? ModelFile.FormatTime(d) : null,
        v.Params.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        v.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        v.Data.Select(x => new ModelArtifactJson(x.Path, x.Oid, x.Size)).ToList());
}

public sealed record ModelJson(string Name, int LastVersion, int? Latest, Dictionary<string, int> Stages, Dictionary<string, int> RollbackTargets, Dictionary<string, int> Aliases, IReadOnlyList<ModelVersionJson>? Versions)
{
    public static ModelJson From(ModelRecord model, bool withVersions) => new(
        model.Name, model.LastVersion, model.Latest?.Number, Sorted(model.Stages), Sorted(model.Previous), Sorted(model.Aliases),
        withVersions ? model.Versions.Select(v => ModelVersionJson.From(model, v)).ToList() : null);

    private static Dictionary<string, int> Sorted(IReadOnlyDictionary<string, int> map) => map.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);
}

public sealed record ModelEventJson(string Time, string User, string Action, int Version, string From, string To, string Message, string Detail)
{
    public static ModelEventJson Of(ModelEvent e) => new(ModelFile.FormatTime(e.Time), e.User, e.Action, e.Version, e.From, e.To, e.Message, e.Detail);
}

public sealed record ModelHistoryJson(string Model, IReadOnlyList<ModelEventJson> Events);

public sealed record ModelChangeJson(string Model, int Version, bool Changed, string Summary)
{
    public static ModelChangeJson From(ModelChange change) => new(change.Model.Name, change.Version, change.Changed, change.Summary);
}

public sealed record ModelResolveJson(string Uri, string Model, int Version, string State, string Kind, string Oid, long Size, string Path, string? Commit, string? Run, IReadOnlyList<string>? Written)
{
    public static ModelResolveJson From(ResolvedModel r, IReadOnlyList<string>? written) => new(
        r.Uri.ToString(), r.Model.Name, r.Version.Number, r.Model.StateOf(r.Version), r.Version.Kind, r.Version.Oid, r.Version.Size, r.Version.Path, r.Version.Commit, r.Version.RunId, written);
}

public sealed record ModelPruneEntryJson(string Model, int Version, string Reason);

public sealed record ModelPruneJson(bool Deleted, int? ArchivedRetentionDays, int? KeepVersions, IReadOnlyList<ModelPruneEntryJson> Versions);

public sealed record RegistryMergeJson(string Outcome, string Summary, IReadOnlyList<string> Conflicts, IReadOnlyList<string> Rewrites);
