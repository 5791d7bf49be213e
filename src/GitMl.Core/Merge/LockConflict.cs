namespace GitMl.Core.Merge;

/// <summary>A lock-file entry both sides changed differently.</summary>
/// <param name="Key">The stage name, or the top-level key when <paramref name="IsStage"/> is false.</param>
/// <param name="Differences">What differs between ours and theirs (see <see cref="StageDifferences"/>).</param>
public sealed record LockConflict(string Key, bool IsStage, IReadOnlyList<string> Differences);
