namespace GitMl.Core.Runs;

/// <summary>A run was asked for on a tree with uncommitted changes, without --allow-dirty.</summary>
public sealed class DirtyTreeException(IReadOnlyList<string> changed)
    : Exception("the working tree has uncommitted changes, so the run could not be tied to a commit:\n"
        + string.Join('\n', changed.Take(10).Select(c => "  " + c)) + (changed.Count > 10 ? $"\n  ... and {changed.Count - 10} more" : "")
        + "\nCommit them (git commit -am '...') or stash them (git stash), or pass --allow-dirty to record the run as dirty with a hash of the diff.")
{
    public IReadOnlyList<string> Changed { get; } = changed;
}
