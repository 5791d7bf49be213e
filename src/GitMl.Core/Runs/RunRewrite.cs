namespace GitMl.Core.Runs;

/// <summary>One way run notes rewrote a recorded line: the run, the commit whose note holds (or held) it, and what happened.</summary>
public sealed record RunRewrite(RunId Run, string Commit, RunRewriteKind Kind)
{
    public override string ToString() => $"run {Run.Hex[..12]} (on commit {Commit[..12]}): " + Kind switch
    {
        RunRewriteKind.Changed => "its record was changed",
        RunRewriteKind.Removed => "its record was removed",
        _ => "an amendment of it (a tag or a delete) was removed",
    };
}

/// <summary>What happened to a recorded run line.</summary>
public enum RunRewriteKind
{
    /// <summary>A different line now stands for the run (in its place, or added on another commit).</summary>
    Changed,

    /// <summary>The run's line is gone.</summary>
    Removed,

    /// <summary>An amendment line of the run is gone (amendments are only ever added).</summary>
    AmendmentRemoved,
}
