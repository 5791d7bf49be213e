namespace GitMl.Core.Maintenance;

/// <summary>
/// How much history garbage collection keeps on top of what Git keeps (<see cref="GitStateReferences"/>: every ref's
/// tip, each worktree's HEAD and index, stashes, recent reflog entries, operations in progress), which is kept
/// whatever the scope. The flags follow `dvc gc`; since every branch and tag tip is always kept, AllBranches and
/// AllTags add nothing more.
/// </summary>
/// <param name="AllBranches">Files of every branch tip (always kept).</param>
/// <param name="AllTags">Files of every tag (always kept).</param>
/// <param name="AllCommits">Files of every commit in the history of every branch and tag.</param>
/// <param name="KeepDays">Files of every commit made in the last this-many days, on any branch or tag.</param>
public sealed record GcScope(bool AllBranches, bool AllTags, bool AllCommits, int? KeepDays)
{
    /// <summary>Only what Git keeps: the most a local gc can free.</summary>
    public static GcScope Workspace { get; } = new(false, false, false, null);

    /// <summary>What a remote gc always keeps, whatever was asked: the whole history of every ref this clone knows.</summary>
    public static GcScope EverythingReachable { get; } = new(true, true, true, null) { IncludeRemoteBranches = true };

    /// <summary>Also the history of remote-tracking branches (teammates' work this clone has fetched).</summary>
    public bool IncludeRemoteBranches { get; init; }
}
