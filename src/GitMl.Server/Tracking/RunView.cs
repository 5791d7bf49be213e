using GitMl.Core.Runs;

namespace GitMl.Server.Tracking;

/// <summary>
/// A run as the API shows it, whether in progress (from its journal) or recorded (from its note): the git-ml record
/// (for a run in progress, a snapshot with status RUNNING) and what MLflow has that a git-ml run has no field for.
/// </summary>
public sealed record RunView(RunRecord Record, string ExperimentId, bool InProgress, long? EndTime)
{
    public string ArtifactUri => ArtifactUris.ForRun(ExperimentId, Record.Id.Hex);

    public static RunView Recorded(RunRecord run) => new(
        run,
        run.Tags.TryGetValue(ServerTags.ExperimentId, out var id) && ExperimentIds.IsWellFormed(id) ? id : Experiment.DefaultId,
        false,
        run.End.ToUnixTimeMilliseconds());
}
