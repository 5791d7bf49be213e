using GitMl.Core.Objects;

namespace GitMl.Core.Import;

/// <summary>
/// The same content under both names: DVC's md5 and git-ml's SHA-256 (a directory: DVC's .dir md5 and git-ml's
/// manifest hash, both ending in ".dir"), with its size and, for a directory, its file count and manifest.
/// </summary>
public sealed record ContentDigest(string Md5, string Sha256, long Size, DirectoryManifest? Manifest)
{
    public int? FileCount => Manifest?.Entries.Count;

    /// <summary>One file inside a directory, hashed both ways.</summary>
    public sealed record FileDigest(string RelativePath, string Md5, string Sha256, long Size);

    /// <summary>A directory's digest from its files' digests, as DVC and git-ml each hash directories.</summary>
    public static ContentDigest ForDirectory(IReadOnlyList<FileDigest> files)
    {
        string md5 = DualHash.Md5Hex(DvcDirListing.Encode(files.Select(f => new DvcDirListing.Entry(f.RelativePath, f.Md5)))) + ".dir";
        var manifest = new DirectoryManifest(files.Select(f => new DirectoryManifest.Entry(f.RelativePath, ObjectId.Parse(f.Sha256), f.Size)));
        return new ContentDigest(md5, manifest.Hash, manifest.TotalSize, manifest);
    }
}
