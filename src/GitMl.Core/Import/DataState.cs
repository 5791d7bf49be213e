namespace GitMl.Core.Import;

/// <summary>Where the content DVC recorded for a path was found.</summary>
public enum DataState
{
    /// <summary>The working tree has exactly the recorded content (its md5 matches).</summary>
    InWorkspace,

    /// <summary>Not in the working tree; copied there from DVC's cache (md5 verified), as `dvc checkout` would.</summary>
    RestoredFromCache,

    /// <summary>Not in the working tree; DVC's cache has it (a dry run, or a dependency, which is not restored).</summary>
    InCache,

    /// <summary>The working tree has other content than DVC recorded (a change not yet given to DVC).</summary>
    WorkspaceDiffers,

    /// <summary>Neither the working tree nor DVC's cache has it: `dvc pull` it first.</summary>
    Missing,
}

/// <summary>
/// What was found for one recorded path. <see cref="Recorded"/> is the content DVC recorded (its md5 matched), from
/// wherever it was found; <see cref="Workspace"/> is what the working tree has now (after a restore: the same).
/// </summary>
public sealed record DataResolution(DataState State, ContentDigest? Workspace, ContentDigest? Recorded)
{
    /// <summary>What git-ml takes over for a .dvc file: the working tree's content (restored when it was absent).</summary>
    public ContentDigest? Importable => Workspace ?? (State == DataState.InCache ? Recorded : null);
}
