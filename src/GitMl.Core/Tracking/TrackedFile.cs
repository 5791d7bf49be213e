using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tracking;

/// <summary>A file whose staged content is a git-ml pointer, and whether its bytes are in the local store.</summary>
public sealed record TrackedFile(string Path, Pointer Pointer, bool Present)
{
    /// <summary>Every index entry (optionally limited by pathspecs) whose blob is a git-ml pointer.</summary>
    public static List<TrackedFile> FromIndex(MlRepository repo, IEnumerable<string>? pathspecs = null)
    {
        var entries = IndexEntry.ReadAll(repo.Git, pathspecs).Where(e => e.Stage == 0 && e.IsRegularFile).ToList();
        var pointers = ReadPointers(repo.Git, entries.Select(e => e.Oid));
        return entries
            .Where(e => pointers.ContainsKey(e.Oid))
            .Select(e => new TrackedFile(e.Path, pointers[e.Oid], repo.Store.Contains(pointers[e.Oid].Oid)))
            .ToList();
    }

    /// <summary>The blobs among <paramref name="blobOids"/> that are git-ml pointers, parsed.</summary>
    public static Dictionary<string, Pointer> ReadPointers(GitCli git, IEnumerable<string> blobOids)
    {
        var sizes = GitObjects.ReadSizes(git, blobOids);
        return ParsePointers(git, sizes.Where(s => s.Value < Pointer.SizeLimit).Select(s => s.Key));
    }

    /// <summary>
    /// Like <see cref="ReadPointers"/> for objects known to be small (blobs a `--filter=blob:limit` listing let
    /// through, and trees): their contents are read at once, without first asking git for every size, which
    /// would read each object one more time.
    /// </summary>
    public static Dictionary<string, Pointer> ReadPointersOfSmallObjects(GitCli git, IEnumerable<string> oids) => ParsePointers(git, oids);

    private static Dictionary<string, Pointer> ParsePointers(GitCli git, IEnumerable<string> small)
    {
        var pointers = new Dictionary<string, Pointer>(StringComparer.Ordinal);
        foreach (var (oid, content) in GitObjects.ReadContents(git, small))
        {
            if (Pointer.TryParse(content, out _) is { } pointer)
            {
                pointers[oid] = pointer;
            }
        }
        return pointers;
    }
}
