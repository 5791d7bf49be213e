using GitMl.Core.Pipelines;

namespace GitMl.Core.Import;

/// <summary>
/// Finds the content DVC recorded for a path (md5, or md5 ending in ".dir") and hashes it the git-ml way: from the
/// working tree when its md5 matches, otherwise from DVC's cache, verifying every object's md5 while reading.
/// Restoring writes into a temporary name next to the target and renames it into place, so an interrupted import
/// leaves the target absent, never half written. Results are remembered per (path, md5): a path that is both a
/// .dvc output and a stage dependency is read once. The paths come from someone else's .dvc files and lock file:
/// each is checked (<see cref="WorkTreeGuard"/>) before anything is read or written there.
/// A directory is hashed as DVC hashes it: without what .dvcignore ignores (<see cref="DvcIgnore"/>).
/// </summary>
public sealed class DvcData(string workTree, WorkTreeGuard guard, DvcCache cache, DvcIgnore? ignore = null)
{
    private readonly DvcIgnore _ignore = ignore ?? DvcIgnore.None;

    private readonly Dictionary<(string, string, bool), DataResolution> _known = [];

    /// <param name="path">Relative to the top of the working tree.</param>
    /// <param name="md5">What DVC recorded; empty when it recorded nothing (the working tree is then taken as is).</param>
    /// <param name="restore">Copy the content from DVC's cache into the working tree when the path is absent there.</param>
    /// <param name="dos2unix">The md5 names text files as DVC before 3.0 did (<see cref="Locks.LockedPath.IsMd5Dos2Unix"/>).</param>
    public DataResolution Resolve(string path, string md5, bool restore, bool dos2unix = false)
    {
        if (_known.TryGetValue((path, md5, dos2unix), out var known) && (known.State != DataState.InCache || !restore))
        {
            return known;
        }
        if (guard.Refusal(path) is { } why)
        {
            throw new DvcImportException($"{path} {why}; git-ml imports only data inside the working tree, so nothing was imported: fix the .dvc file or lock entry that names it");
        }
        string full = Path.Combine(workTree, path);
        var workspace = FromWorkspace(path, full, dos2unix);
        DataResolution result;
        if (workspace is not null && (md5.Length == 0 || workspace.Md5 == md5))
        {
            result = new DataResolution(DataState.InWorkspace, workspace, workspace);
        }
        else if (workspace is null)
        {
            var recorded = md5.Length == 0 ? null : FromCache(md5, restore ? full : null, dos2unix);
            result = recorded is null ? new DataResolution(DataState.Missing, null, null)
                : restore ? new DataResolution(DataState.RestoredFromCache, recorded, recorded)
                : new DataResolution(DataState.InCache, null, recorded);
        }
        else
        {
            result = new DataResolution(DataState.WorkspaceDiffers, workspace, FromCache(md5, null, dos2unix));
        }
        return _known[(path, md5, dos2unix)] = result;
    }

    /// <summary>The working tree's content at a path, or null when nothing is there.</summary>
    private ContentDigest? FromWorkspace(string path, string full, bool dos2unix)
    {
        if (File.Exists(full))
        {
            var (md5, sha256, size) = DualHash.ReadFile(full, dos2unix);
            return new ContentDigest(md5, sha256, size, null);
        }
        if (!Directory.Exists(full))
        {
            return null;
        }
        // One guard for folder walks: a link anywhere inside is refused, never followed out of the working tree.
        var files = new List<ContentDigest.FileDigest>();
        string folder = Objects.WorktreeFiles.Normalize(workTree, path);
        foreach (string file in Objects.WorktreeFiles.EnumerateFiles(workTree, folder).Where(f => !_ignore.IsIgnored(f)))
        {
            using var stream = Objects.WorktreeFiles.OpenRead(workTree, file);
            var (md5, sha256, size) = DualHash.Read(stream, null, dos2unix);
            files.Add(new ContentDigest.FileDigest(file[(folder.Length + 1)..], md5, sha256, size));
        }
        return ContentDigest.ForDirectory(files);
    }

    /// <summary>
    /// The recorded content from DVC's cache, every md5 checked, copied to <paramref name="restoreTo"/> when given.
    /// Null when the cache lacks an object or holds a damaged one (nothing is written then).
    /// </summary>
    private ContentDigest? FromCache(string md5, string? restoreTo, bool dos2unix)
    {
        if (cache.Find(md5) is not { } objectPath)
        {
            return null;
        }
        string? temp = restoreTo is null ? null : Path.Combine(Path.GetDirectoryName(restoreTo)!, $".{Path.GetFileName(restoreTo)}.git-ml-import.{Guid.NewGuid():N}.tmp");
        try
        {
            var digest = md5.EndsWith(".dir", StringComparison.Ordinal) ? DirectoryFromCache(md5, objectPath, temp, dos2unix) : FileFromCache(md5, objectPath, temp, dos2unix);
            if (digest is not null && temp is not null)
            {
                MoveIntoPlace(temp, restoreTo!);
                temp = null;
            }
            return digest;
        }
        finally
        {
            DeleteLeftover(temp);
        }
    }

    private ContentDigest? DirectoryFromCache(string md5, string listingPath, string? restoreTo, bool dos2unix)
    {
        byte[] listingBytes = File.ReadAllBytes(listingPath);
        if (DualHash.Md5Hex(listingBytes) + ".dir" != md5)
        {
            return null;
        }
        IReadOnlyList<DvcDirListing.Entry> listing;
        try
        {
            listing = DvcDirListing.Parse(listingBytes);
        }
        catch (FormatException)
        {
            return null;
        }
        var files = new List<ContentDigest.FileDigest>();
        foreach (var entry in listing)
        {
            if (entry.RelativePath.Split('/').Any(s => s is "" or "." or ".." || s.Equals(".git", StringComparison.OrdinalIgnoreCase)) || cache.Find(entry.Md5) is not { } objectPath)
            {
                return null;
            }
            string? target = restoreTo is null ? null : Path.Combine(restoreTo, entry.RelativePath);
            var file = FileFromCache(entry.Md5, objectPath, target, dos2unix);
            if (file is null)
            {
                return null;
            }
            files.Add(new ContentDigest.FileDigest(entry.RelativePath, file.Md5, file.Sha256, file.Size));
        }
        if (restoreTo is not null)
        {
            Directory.CreateDirectory(restoreTo);
        }
        return ContentDigest.ForDirectory(files);
    }

    private static ContentDigest? FileFromCache(string md5, string objectPath, string? copyTo, bool dos2unix)
    {
        using var source = new FileStream(objectPath, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        (string Md5, string Sha256, long Size) hashed;
        if (copyTo is null)
        {
            hashed = DualHash.Read(source, null, dos2unix);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copyTo)!);
            using var target = new FileStream(copyTo, FileMode.CreateNew, FileAccess.Write);
            hashed = DualHash.Read(source, target, dos2unix);
        }
        return hashed.Md5 == md5 ? new ContentDigest(hashed.Md5, hashed.Sha256, hashed.Size, null) : null;
    }

    private static void MoveIntoPlace(string temp, string target)
    {
        if (Directory.Exists(temp))
        {
            Directory.Move(temp, target);
        }
        else
        {
            File.Move(temp, target);
        }
    }

    private static void DeleteLeftover(string? temp)
    {
        if (temp is null)
        {
            return;
        }
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }
        else if (File.Exists(temp))
        {
            File.Delete(temp);
        }
    }
}
