namespace GitMl.Core.Pipelines.Repro;

/// <summary>What `git ml repro` was asked to do.</summary>
/// <param name="Targets">Stages to reproduce (with what they depend on); empty for all.</param>
/// <param name="Force">Run the selected stages even when nothing changed.</param>
/// <param name="DryRun">Only say what would run, and why.</param>
/// <param name="Downstream">Also the stages that depend on the targets (instead of those they depend on).</param>
/// <param name="KeepGoing">After a failure, go on with the stages that do not depend on it.</param>
/// <param name="Jobs">Independent stages run at once.</param>
/// <param name="UseRunCache">Restore outputs of an earlier identical run instead of running again.</param>
public sealed record ReproOptions(IReadOnlyList<string> Targets, bool Force, bool DryRun, bool Downstream, bool KeepGoing, int Jobs, bool UseRunCache);
