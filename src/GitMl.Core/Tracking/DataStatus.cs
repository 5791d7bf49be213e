using GitMl.Core.Objects;
using GitMl.Core.Remotes;
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

    public async Task<List<Entry>> ComputeAsync(DataRemote? remote, IBlobStoreFactory factory, CancellationToken cancellationToken)
    {
        var tracked = TrackedFile.FromIndex(repo);
        var modified = Paths(["diff", "--name-only", "-z", "--no-renames"]);
        var staged = repo.Git.Run(["rev-parse", "--verify", "-q", "HEAD"]).Succeeded
            ? Paths(["diff", "--cached", "--name-only", "-z", "--no-renames"])
            : tracked.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        var onRemote = remote is null ? null : await RemoteHasAsync(remote, factory, tracked, cancellationToken).ConfigureAwait(false);
        return tracked
            .Select(t => new Entry(t.Path, t.Pointer, t.Present, modified.Contains(t.Path), staged.Contains(t.Path),
                onRemote?.Contains(ObjectKeys.For(t.Pointer.Oid))))
            .ToList();
    }

    private HashSet<string> Paths(IReadOnlyList<string> args) =>
        repo.Git.Check(args).NulSeparated().ToHashSet(StringComparer.Ordinal);

    private static async Task<HashSet<string>> RemoteHasAsync(DataRemote remote, IBlobStoreFactory factory, List<TrackedFile> tracked, CancellationToken cancellationToken)
    {
        var keys = tracked.Select(t => ObjectKeys.For(t.Pointer.Oid)).Distinct().ToList();
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var store = factory.Open(remote);
        foreach (var batch in keys.Chunk(TransferOptions.Default.ExistsBatchSize))
        {
            present.UnionWith(await store.ExistsAsync(batch, cancellationToken).ConfigureAwait(false));
        }
        return present;
    }
}
