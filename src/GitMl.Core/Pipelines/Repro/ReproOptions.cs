namespace GitMl.Core.Pipelines.Repro;

/// <summary>What `git ml repro` was asked to do.</summary>
/// <param name="Targets">Stages to reproduce (with what they depend on); empty for all.</param>
/// <param name="Force">Run the selected stages even when nothing changed.</param>
/// <param name="DryRun">Only say what would run, and why.</param>
/// <param name="Downstream">Also the stages that depend on the targets (instead of those they depend on).</param>
/// <param name="KeepGoing">After a failure, go on with the stages that do not depend on it.</param>
/// <param name="Jobs">Independent stages run at once.</param>
/// <param name="UseRunCache">Restore outputs of an earlier identical run instead of running again.</param>
public sealed record ReproOptions(IReadOnlyList<string> Targets, bool Force, bool DryRun, bool Downstream, bool KeepGoing, int Jobs, bool UseRunCache)
{
    /// <summary>The variable each stage's command gets with the stage's name.</summary>
    public const string StageVariable = "GIT_ML_STAGE";

    /// <summary>
    /// Variables every stage's command gets besides git-ml's own environment (`git ml run` passes the run's), so
    /// git-ml never changes its own process environment for a child.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
