using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>A file whose staged content is a git-ml pointer, and whether its bytes are in the local store.</summary>
public sealed record TrackedFile(string Path, Pointer Pointer, bool Present)
{
    /// <summary>
    /// Every index entry (optionally limited by pathspecs) whose blob is a git-ml pointer. What each blob is comes
    /// from the <see cref="PointerCache"/> when it is known there; only new blobs are read from git.
    /// </summary>
    public static List<TrackedFile> FromIndex(MlRepository repo, IEnumerable<string>? pathspecs = null) =>
        FromEntries(repo, IndexEntry.ReadAll(repo.Git, pathspecs), wholeIndex: pathspecs is null);

    private static List<TrackedFile> FromEntries(MlRepository repo, List<IndexEntry> index, bool wholeIndex)
    {
        var pointers = PointersOf(repo, index, wholeIndex);
        var (positions, present) = Positions(repo, index, pointers);
        var files = new List<TrackedFile>(positions.Count);
        for (int i = 0; i < positions.Count; i++)
        {
            files.Add(new TrackedFile(index[positions[i]].Path, pointers[positions[i]]!, present[i]));
        }
        return files;
    }

    /// <summary>
    /// Which entries are tracked files: the positions of the stage-0 entries whose blob is a pointer, in index order, and
    /// for each whether the store has its object. For a caller that builds its own record per file (status, over 10,000
    /// of them) without a <see cref="TrackedFile"/> each first.
    /// </summary>
    internal static (List<int> Positions, bool[] Present) Positions(MlRepository repo, IReadOnlyList<IndexEntry> index, IReadOnlyList<Pointer?> pointers)
    {
        var positions = new List<int>(index.Count);
        for (int i = 0; i < index.Count; i++)
        {
            if (pointers[i] is not null && index[i].Stage == 0)
            {
                positions.Add(i);
            }
        }
        // Whether the store has each object costs one short stat (StorePresence); on one thread: 10,000 of them take
        // a few milliseconds, less than handing them to other threads costs on a small machine.
        return (positions, StorePresence.Of(repo.Store, positions, i => pointers[i]!.Oid));
    }

    /// <summary>
    /// Per entry of <paramref name="index"/> (same positions): the git-ml pointer its blob holds, or null (not a regular
    /// file, or not a pointer). Entries of every stage are classified. Known blobs come from the <see cref="PointerCache"/>,
    /// new ones are read from git and remembered; with <paramref name="wholeIndex"/>, the cache forgets blobs no longer
    /// in the index.
    /// </summary>
    internal static Pointer?[] PointersOf(MlRepository repo, IReadOnlyList<IndexEntry> index, bool wholeIndex)
    {
        var cache = repo.PointerCache;
        var result = new Pointer?[index.Count];
        // One lookup per entry, and no set of the whole index: the cache marks the blobs it met.
        var unknown = cache.LookUpIndex(index, result, wholeIndex);
        if (unknown.Count > 0)
        {
            var kinds = ReadKinds(repo.Git, unknown.Select(i => index[i].Oid).ToHashSet(StringComparer.Ordinal));
            foreach (var (oid, kind) in kinds)
            {
                cache.Remember(oid, kind.Pointer, kind.GitLfsPointer);
            }
            foreach (int i in unknown)
            {
                result[i] = kinds.TryGetValue(index[i].Oid, out var kind) ? kind.Pointer : null;
            }
        }
        if (wholeIndex)
        {
            cache.ForgetUnseen();
        }
        cache.Save();
        return result;
    }

    /// <summary>
    /// The blobs among <paramref name="blobOids"/> (of the index) that are git-ml pointers: known ones from the
    /// <see cref="PointerCache"/>, new ones read from git and remembered.
    /// </summary>
    public static HashSet<string> PointerBlobs(MlRepository repo, IEnumerable<string> blobOids) => [.. IndexPointers(repo, blobOids).Keys];

    /// <summary>
    /// The git-ml pointers among the index's blobs <paramref name="blobOids"/>, by blob: known ones from the
    /// <see cref="PointerCache"/>, new ones read from git (once) and remembered.
    /// </summary>
    public static Dictionary<string, Pointer> IndexPointers(MlRepository repo, IEnumerable<string> blobOids)
    {
        var cache = repo.PointerCache;
        var pointers = Classify(repo.Git, cache, blobOids);
        cache.Save();
        return pointers;
    }

    private static Dictionary<string, Pointer> Classify(GitCli git, PointerCache cache, IEnumerable<string> blobOids)
    {
        var pointers = new Dictionary<string, Pointer>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (string oid in blobOids)
        {
            if (!cache.TryGet(oid, out var known))
            {
                unknown.Add(oid);
            }
            else if (known is not null)
            {
                pointers[oid] = known;
            }
        }
        if (unknown.Count > 0)
        {
            foreach (var (oid, blob) in ReadKinds(git, unknown))
            {
                cache.Remember(oid, blob.Pointer, blob.GitLfsPointer);
                if (blob.Pointer is { } pointer)
                {
                    pointers[oid] = pointer;
                }
            }
        }
        return pointers;
    }

    /// <summary>What a blob is to git-ml: its git-ml pointer, or null and whether it is a git-lfs pointer.</summary>
    internal readonly record struct BlobKind(Pointer? Pointer, bool GitLfsPointer)
    {
        public static BlobKind Of(ReadOnlySpan<byte> content) =>
            Objects.Pointer.ParseOrNull(content) is { } pointer ? new(pointer, false) : new(null, Objects.Pointer.IsGitLfsPointer(content));
    }

    /// <summary>Each blob git has among <paramref name="blobOids"/>: what it is (too large to be a pointer: neither kind).</summary>
    internal static Dictionary<string, BlobKind> ReadKinds(GitCli git, IEnumerable<string> blobOids)
    {
        var sizes = GitObjects.ReadSizes(git, blobOids);
        var small = sizes.Where(s => s.Value < Pointer.SizeLimit).Select(s => s.Key).ToList();
        var kinds = small.Count == 0
            ? new Dictionary<string, BlobKind>(StringComparer.Ordinal)
            : GitObjects.ReadContents(git, small).ToDictionary(c => c.Key, c => BlobKind.Of(c.Value), StringComparer.Ordinal);
        foreach (var (oid, _) in sizes.Where(s => s.Value >= Pointer.SizeLimit))
        {
            kinds[oid] = default;
        }
        return kinds;
    }

    /// <summary>The blobs among <paramref name="blobOids"/> that are git-ml pointers, parsed.</summary>
    public static Dictionary<string, Pointer> ReadPointers(GitCli git, IEnumerable<string> blobOids) =>
        ReadBlobs(git, blobOids).Where(b => b.Value is not null).ToDictionary(b => b.Key, b => b.Value!, StringComparer.Ordinal);

    /// <summary>
    /// Like <see cref="ReadPointers"/> for objects known to be small (blobs a `--filter=blob:limit` listing let
    /// through, and trees): their contents are read at once, without first asking git for every size, which
    /// would read each object one more time.
    /// </summary>
    public static Dictionary<string, Pointer> ReadPointersOfSmallObjects(GitCli git, IEnumerable<string> oids) =>
        ParseContents(git, oids).Where(b => b.Value is not null).ToDictionary(b => b.Key, b => b.Value!, StringComparer.Ordinal);

    /// <summary>Each blob git has among <paramref name="blobOids"/>: its pointer, or null when it is not one.</summary>
    private static Dictionary<string, Pointer?> ReadBlobs(GitCli git, IEnumerable<string> blobOids) =>
        ReadKinds(git, blobOids).ToDictionary(b => b.Key, b => b.Value.Pointer, StringComparer.Ordinal);

    /// <summary>What each object's content parses as: a pointer, or null. Objects git lacks are left out.</summary>
    private static Dictionary<string, Pointer?> ParseContents(GitCli git, IEnumerable<string> oids) =>
        GitObjects.ReadContents(git, oids).ToDictionary(c => c.Key, c => Pointer.ParseOrNull(c.Value), StringComparer.Ordinal);
}
