using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// The whole index as one read-only command sees it, and what each of its blobs is to git-ml, each worked out once
/// and shared: `git ml status` asks for the tracked files, the git-lfs pointers and its pipeline's output check from
/// one `git ls-files --stage` and one pass over the <see cref="PointerCache"/>, where it used to run a second
/// `git ls-files` and classify the same 10,000 blobs again for the output check. Both are read on first use, by
/// whichever thread comes first (the data and the pipeline are worked out side by side); the other waits.
/// Only for commands that do not change the index while they hold it.
/// </summary>
public sealed class IndexSnapshot
{
    private readonly Lazy<List<IndexEntry>> _entries;
    private readonly Lazy<Pointer?[]> _pointers;

    public IndexSnapshot(MlRepository repo)
    {
        _entries = new(() => IndexEntry.ReadAll(repo.Git), LazyThreadSafetyMode.ExecutionAndPublication);
        _pointers = new(() => TrackedFile.PointersOf(repo, _entries.Value, wholeIndex: true), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Every entry of the index (all stages), in git's order.</summary>
    public IReadOnlyList<IndexEntry> Entries => _entries.Value;

    /// <summary>
    /// Per entry, at the same position as in <see cref="Entries"/>: the git-ml pointer its blob holds, or null (not a
    /// regular file, or not a pointer). Entries of every stage are classified; the cache forgets blobs no longer in the index.
    /// </summary>
    public IReadOnlyList<Pointer?> Pointers => _pointers.Value;
}
