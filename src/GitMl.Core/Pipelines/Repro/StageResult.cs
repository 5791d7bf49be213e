namespace GitMl.Core.Pipelines.Repro;

/// <summary>What happened to one stage in a repro.</summary>
public enum StageOutcome
{
    UpToDate,
    Ran,
    Restored,
    WouldRun,
    Failed,
    SkippedAfterFailure,
    Frozen,
}

/// <param name="Reasons">Why it ran (or would run); empty when up to date.</param>
/// <param name="Error">What went wrong, for a failed stage.</param>
public sealed record StageResult(string Stage, StageOutcome Outcome, IReadOnlyList<string> Reasons, string? Error = null);

/// <summary>Every selected stage's outcome, in the order they finished.</summary>
public sealed record ReproResult(IReadOnlyList<StageResult> Stages)
{
    public bool Succeeded => Stages.All(s => s.Outcome is not (StageOutcome.Failed or StageOutcome.SkippedAfterFailure));
}
