namespace GitMl.Core.Hooks;

/// <summary>Why pre-commit refuses one staged file.</summary>
public enum PreCommitViolationKind
{
    /// <summary>Larger than ml.precommit.maxSize and not tracked by git-ml.</summary>
    TooLarge,

    /// <summary>Binary and not tracked by git-ml.</summary>
    Binary,

    /// <summary>Matches a git-ml pattern but was staged without the filter (tracked after `git add`).</summary>
    NotCleaned,

    /// <summary>A pointer whose object is not in the local store: it could never be pushed.</summary>
    MissingObject,

    /// <summary>A git-lfs pointer at a git-ml path: git-ml could never give its content back.</summary>
    GitLfsPointer,

    /// <summary>A lock or parameters file that still has conflict markers from a merge.</summary>
    ConflictMarkers,
}

/// <param name="Oid">The missing object, for <see cref="PreCommitViolationKind.MissingObject"/>.</param>
/// <param name="Line">The first conflict marker's line, for <see cref="PreCommitViolationKind.ConflictMarkers"/>.</param>
public sealed record PreCommitViolation(string Path, long Size, PreCommitViolationKind Kind, string? Oid = null, int? Line = null);
