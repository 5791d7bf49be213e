namespace GitMl.Core.Runs;

/// <summary>
/// Everything recorded about one run (schema: docs/spec/run-notes.md). Immutable once written; later tags and a soft
/// delete are separate <see cref="RunAmendment"/> lines folded in when reading (<see cref="Tags"/> and
/// <see cref="Deleted"/> then show the result), so concurrent edits in two clones merge as a plain union of lines.
/// </summary>
/// <param name="Commit">The commit the run ran from, as recorded.</param>
/// <param name="AttachedTo">The commit whose note holds the run now: <see cref="Commit"/>, or its rewrite after an amend or rebase (notes follow rewrites).</param>
/// <param name="DiffSha256">sha256 of `git diff HEAD --binary` when the tree was dirty, so a dirty run cannot pass for a clean one.</param>
public sealed record RunRecord(
    RunId Id,
    string Name,
    string Status,
    string User,
    string Host,
    DateTimeOffset Start,
    DateTimeOffset End,
    int? ExitCode,
    IReadOnlyList<string> Command,
    string Commit,
    string? Branch,
    bool Dirty,
    string? DiffSha256,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<RunMetric> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<RunFile> Data,
    IReadOnlyList<RunFile> Outputs,
    RunId? Parent,
    string GitMlVersion,
    string Os)
{
    public string AttachedTo { get; init; } = Commit;

    public bool Deleted { get; init; }

    public TimeSpan Duration => End - Start;

    public RunMetric? Metric(string name)
    {
        foreach (var metric in Metrics)
        {
            if (metric.Name == name)
            {
                return metric;
            }
        }
        return null;
    }
}
