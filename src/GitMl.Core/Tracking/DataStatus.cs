using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Git;
using GitMl.Storage;

namespace GitMl.Core.Tracking;

/// <summary>
/// `git ml status`: for every file git-ml tracks, whether its content is here, whether the working tree holds
/// a newer version not yet staged, whether the staged version is not yet committed, and whether the data remote
/// has it.
/// </summary>
public sealed class DataStatus(MlRepository repo)
{
    /// <param name="Pushed">Whether the data remote has the content; null when no remote was asked.</param>
    public sealed record Entry(string Path, Pointer Pointer, bool Present, bool Modified, bool Staged, bool? Pushed);

    /// <summary>What status found: the tracked files, and the git-lfs pointers at git-ml paths (<see cref="GitLfsPointers"/>).</summary>
    public sealed record Report(List<Entry> Entries, List<string> GitLfsPointersAtGitMlPaths);

    /// <summary>
    /// The status of every tracked file. The index is read once (one `git ls-files`) for the tracked files and for
    /// the git-lfs pointer check, and its blobs classified once (<see cref="IndexSnapshot"/>); pass the snapshot the
    /// command shares with its pipeline's output check, or none for a fresh one.
    /// </summary>
    public async Task<Report> ComputeAsync(DataRemote? remote, IBlobStoreFactory factory, CancellationToken cancellationToken, IndexSnapshot? index = null)
    {
        index ??= new IndexSnapshot(repo);
        // The index and the changes are independent questions to git: ask them side by side (the snapshot keeps git's
        // answer for the pipeline's check too).
        var changes = Task.Run(() => index.WorkTreeChanges);
        // The tracked files as positions in the index, each made an Entry once: no TrackedFile per file in between.
        var entries = index.Entries;
        var pointers = index.Pointers;
        var (tracked, present) = TrackedFile.Positions(repo, entries, pointers);
        var gitLfs = GitLfsPointers.AtGitMlPaths(repo, index);
        var (modified, staged) = await changes.ConfigureAwait(false);
        var onRemote = remote is null ? null
            : await RemoteHasAsync(remote, factory, tracked.Select(i => pointers[i]!), cancellationToken).ConfigureAwait(false);
        var report = new List<Entry>(tracked.Count);
        for (int i = 0; i < tracked.Count; i++)
        {
            string path = entries[tracked[i]].Path;
            var pointer = pointers[tracked[i]]!;
            report.Add(new Entry(path, pointer, present[i], modified.Contains(path), staged.Contains(path), onRemote?.Contains(ObjectKeys.For(pointer.Oid))));
        }
        return new Report(report, gitLfs);
    }

    /// <summary>
    /// Paths that differ between the working tree and the index (modified), and between the index and HEAD
    /// (staged; everything when there is no commit yet), from one `git status --porcelain=v2` instead of two
    /// diffs and a rev-parse.
    /// </summary>
    internal static (HashSet<string> Modified, HashSet<string> Staged) Changes(MlRepository repo) => GitStatus.Changes(repo.Git);

    private static async Task<HashSet<string>> RemoteHasAsync(DataRemote remote, IBlobStoreFactory factory, IEnumerable<Pointer> tracked, CancellationToken cancellationToken)
    {
        var keys = tracked.Select(p => ObjectKeys.For(p.Oid)).Distinct().ToList();
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var store = factory.Open(remote);
        foreach (var batch in keys.Chunk(TransferOptions.Default.ExistsBatchSize))
        {
            present.UnionWith(await store.ExistsAsync(batch, cancellationToken).ConfigureAwait(false));
        }
        return present;
    }
}
