namespace GitMl.Core.Merge;

/// <summary>
/// The outcome of merging three versions of a lock file.
/// </summary>
/// <param name="Text">The merged file: canonical, with conflict markers around each block in <paramref name="Conflicts"/>.</param>
/// <param name="Conflicts">Entries left marked in <paramref name="Text"/>; empty for a clean merge.</param>
/// <param name="Dropped">Conflicting stages left out of <paramref name="Text"/> (the opt-in resolution), so repro reruns them.</param>
public sealed record LockMergeResult(string Text, IReadOnlyList<LockConflict> Conflicts, IReadOnlyList<LockConflict> Dropped)
{
    public bool IsClean => Conflicts.Count == 0;
}
