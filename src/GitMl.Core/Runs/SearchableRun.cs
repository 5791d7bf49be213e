using GitMl.Core.Runs.Search;

namespace GitMl.Core.Runs;

/// <summary>
/// A recorded run as the search language sees it (<see cref="ISearchableRun"/>); `commit` is the commit the run is
/// attached to now. A run MLflow calls open (RUNNING, SCHEDULED: imported from MLflow) has no end time or duration.
/// </summary>
public sealed class SearchableRun(RunRecord run) : ISearchableRun
{
    public RunRecord Run { get; } = run;

    public string RunId => Run.Id.Hex;

    public double? Metric(string name) => Run.Metric(name)?.Value;

    public string? Param(string name) => Run.Params.TryGetValue(name, out var value) ? value : null;

    public string? Tag(string name) => Run.Tags.TryGetValue(name, out var value) ? value : null;

    public SearchValue? Attribute(string name) => name switch
    {
        RunAttributes.RunId => SearchValue.FromText(Run.Id.Hex),
        RunAttributes.RunName => SearchValue.FromText(Run.Name),
        RunAttributes.Status => SearchValue.FromText(Run.Status),
        RunAttributes.StartTime => SearchValue.FromNumber(Run.Start.ToUnixTimeMilliseconds()),
        RunAttributes.EndTime => MlflowRunInfo.IsOpen(Run.Status) ? null : SearchValue.FromNumber(Run.End.ToUnixTimeMilliseconds()),
        RunAttributes.Duration => MlflowRunInfo.IsOpen(Run.Status) ? null : SearchValue.FromNumber((long)Run.Duration.TotalMilliseconds),
        RunAttributes.Commit => SearchValue.FromText(Run.AttachedTo),
        RunAttributes.Branch => Run.Branch is { } branch ? SearchValue.FromText(branch) : null,
        RunAttributes.User => SearchValue.FromText(Run.User),
        RunAttributes.Host => SearchValue.FromText(Run.Host),
        RunAttributes.ExitCode => Run.ExitCode is { } code ? SearchValue.FromNumber(code) : null,
        RunAttributes.Dirty => SearchValue.FromText(Run.Dirty ? "true" : "false"),
        RunAttributes.ArtifactUri => SearchValue.FromText(MlflowRunInfo.ArtifactUri(Run)),
        _ => null,
    };
}
