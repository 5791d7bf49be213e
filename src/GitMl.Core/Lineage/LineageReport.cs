namespace GitMl.Core.Lineage;

/// <summary>
/// Where a model or a run's result came from: model version -> run -> commit -> params -> data -> metrics. Each part
/// may be missing (a model registered from a path has no run; a run has no model).
/// </summary>
public sealed record LineageReport(
    LineageModel? Model,
    LineageRun? Run,
    string? Commit,
    string? Branch,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<LineageFile> Data,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The training inputs whose content is not approved.</summary>
    public IReadOnlyList<LineageFile> Unapproved => Data.Where(d => !d.Approved).ToList();

    /// <summary>What the report is about, for messages: "models:/churn/3 (version 3)" or "run 3f2a9c1b".</summary>
    public string Subject => Model is { } m ? $"{m.Uri} (version {m.Version})" : Run is { } r ? $"run {r.Id[..Math.Min(8, r.Id.Length)]}" : "this content";
}
