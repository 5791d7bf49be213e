namespace GitMl.Core.Sharing;

/// <summary>A shared ref's merge: the merge commit, or (Commit null) the conflicts that stopped it.</summary>
public sealed record SharedRefMerge(string? Commit, IReadOnlyList<string> Conflicts)
{
    public static SharedRefMerge Made(string commit) => new(commit, []);

    public static SharedRefMerge Conflicted(IReadOnlyList<string> conflicts) => new(null, conflicts);
}
