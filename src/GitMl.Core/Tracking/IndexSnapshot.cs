using GitMl.Core.Objects;
using GitMl.Core.Pipelines.Hashing;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>
/// The whole index as one read-only command sees it, and what each of its blobs is to git-ml, each worked out once
/// and shared: `git ml status` asks for the tracked files, the git-lfs pointers and its pipeline's output check from
/// one `git ls-files --stage` and one pass over the <see cref="PointerCache"/>, where it used to run a second
/// `git ls-files` and classify the same 10,000 blobs again for the output check. Git's own answer on which tracked
/// files differ from the index (<see cref="WorkTreeChanges"/>, one `git status`) is shared the same way: the data status
/// shows it, and the pipeline's check takes the hash of a folder git tracks whole from it (<see cref="Pipelines.Hashing.IndexedPaths"/>).
/// Each is read on first use, by whichever thread comes first (the data and the pipeline are worked out side by side);
/// the other waits. Only for commands that do not change the index while they hold it.
/// </summary>
public sealed class IndexSnapshot
{
    private readonly Lazy<List<IndexEntry>> _entries;
    private readonly Lazy<Pointer?[]> _pointers;
    private readonly Lazy<(HashSet<string> Unstaged, HashSet<string> Staged)> _changes;
    private readonly string? _indexFile;
    private readonly FileStamp? _indexStamp;

    public IndexSnapshot(MlRepository repo)
    {
        // The index file as it is before git is asked anything: IsUnchangedSince compares it again afterwards. Not known
        // when GIT_INDEX_FILE points elsewhere (git-ml does not guess where).
        _indexFile = repo.Environment("GIT_INDEX_FILE") is { Length: > 0 } ? null : Path.Combine(repo.Layout.GitDirectory, "index");
        _indexStamp = _indexFile is null ? null : StampOrNull(_indexFile);
        _entries = new(() => IndexEntry.ReadAll(repo.Git, detailed: true), LazyThreadSafetyMode.ExecutionAndPublication);
        _pointers = new(() => TrackedFile.PointersOf(repo, _entries.Value, wholeIndex: true), LazyThreadSafetyMode.ExecutionAndPublication);
        _changes = new(() => GitStatus.Changes(repo.Git), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Every entry of the index (all stages), in git's order, with which of them git does not check
    /// (<see cref="IndexEntry.StatusUnchecked"/>) and the stat data git recorded for each file (<see cref="IndexEntry.Recorded"/>).
    /// </summary>
    public IReadOnlyList<IndexEntry> Entries => _entries.Value;

    /// <summary>
    /// Per entry, at the same position as in <see cref="Entries"/>: the git-ml pointer its blob holds, or null (not a
    /// regular file, or not a pointer). Entries of every stage are classified; the cache forgets blobs no longer in the index.
    /// </summary>
    public IReadOnlyList<Pointer?> Pointers => _pointers.Value;

    /// <summary>
    /// What one `git status` says of the tracked files (<see cref="GitStatus.Changes"/>): the paths whose working-tree
    /// file differs from the index (git compares each file's stat data with what the index recorded, and the content of
    /// racily clean ones), and the paths staged and not committed.
    /// </summary>
    public (HashSet<string> Unstaged, HashSet<string> Staged) WorkTreeChanges => _changes.Value;

    /// <summary>
    /// Whether the index file is still the one it was when this snapshot was made (same size, times, inode: git replaces
    /// it by renaming a new file over it), so <see cref="Entries"/> and <see cref="WorkTreeChanges"/>, read by two git
    /// commands, describe one index. False when that cannot be told (no index file, GIT_INDEX_FILE set).
    /// </summary>
    public bool IsUnchangedSince() => _indexStamp is { } before && _indexFile is not null && StampOrNull(_indexFile) == before;

    private static FileStamp? StampOrNull(string path)
    {
        try
        {
            return FileStamp.Of(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
