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
    public static List<TrackedFile> FromIndex(MlRepository repo, IEnumerable<string>? pathspecs = null)
    {
        var entries = IndexEntry.ReadAll(repo.Git, pathspecs).Where(e => e.Stage == 0 && e.IsRegularFile).ToList();
        var cache = PointerCache.Load(PointerCache.PathIn(repo));
        var pointers = Classify(repo.Git, cache, entries.Select(e => e.Oid));
        if (pathspecs is null)
        {
            cache.KeepOnly(entries.Select(e => e.Oid).ToHashSet(StringComparer.Ordinal));
        }
        cache.Save();

        var tracked = entries.Where(e => pointers.ContainsKey(e.Oid)).ToList();
        var files = new TrackedFile[tracked.Count];
        // Whether the store has each object costs a stat: thousands of them go faster on every core.
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = files.Length < 512 ? 1 : -1 }, i =>
        {
            var pointer = pointers[tracked[i].Oid];
            files[i] = new TrackedFile(tracked[i].Path, pointer, repo.Store.Contains(pointer.Oid));
        });
        return [.. files];
    }

    /// <summary>
    /// The blobs among <paramref name="blobOids"/> (of the index) that are git-ml pointers: known ones from the
    /// <see cref="PointerCache"/>, new ones read from git and remembered.
    /// </summary>
    public static HashSet<string> PointerBlobs(MlRepository repo, IEnumerable<string> blobOids)
    {
        var cache = PointerCache.Load(PointerCache.PathIn(repo));
        var pointers = Classify(repo.Git, cache, blobOids);
        cache.Save();
        return [.. pointers.Keys];
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
            foreach (var (oid, pointer) in ReadBlobs(git, unknown))
            {
                cache.Remember(oid, pointer);
                if (pointer is not null)
                {
                    pointers[oid] = pointer;
                }
            }
        }
        return pointers;
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
    private static Dictionary<string, Pointer?> ReadBlobs(GitCli git, IEnumerable<string> blobOids)
    {
        var sizes = GitObjects.ReadSizes(git, blobOids);
        // Blobs too large to be pointers are not; small ones are what their content parses as.
        var blobs = ParseContents(git, sizes.Where(s => s.Value < Pointer.SizeLimit).Select(s => s.Key));
        foreach (var (oid, _) in sizes.Where(s => s.Value >= Pointer.SizeLimit))
        {
            blobs[oid] = null;
        }
        return blobs;
    }

    /// <summary>What each object's content parses as: a pointer, or null. Objects git lacks are left out.</summary>
    private static Dictionary<string, Pointer?> ParseContents(GitCli git, IEnumerable<string> oids) =>
        GitObjects.ReadContents(git, oids).ToDictionary(c => c.Key, c => Pointer.TryParse(c.Value, out _), StringComparer.Ordinal);
}
