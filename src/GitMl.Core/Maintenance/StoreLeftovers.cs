using GitMl.Core.Objects;

namespace GitMl.Core.Maintenance;

/// <summary>
/// Temporary files that git-ml commands killed mid-write leave in the store folder (.git/ml): partial objects in
/// tmp/ (and objects gc had moved aside), the atomic-write temporaries of its caches at the top (".NAME.PID.GUID.tmp")
/// and those of the run cache ("NAME.git-ml-PID.tmp" under runcache/). None is ever content: the command that
/// writes one renames it into place or deletes it, and a write in progress touches its file all the time, so one left
/// untouched for <see cref="StaleAfter"/> belongs to a command that died. Never touched: quarantine/ (corrupt objects
/// kept for inspection) and runs/ (a run in progress may go days without touching its folder).
/// </summary>
public static class StoreLeftovers
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(2);

    /// <summary>The leftovers of <paramref name="store"/> untouched for <see cref="StaleAfter"/>.</summary>
    public static List<string> Find(ObjectStore store)
    {
        var cutoff = DateTime.UtcNow - StaleAfter;
        var found = new List<string>();
        // Objects a killed gc moved aside are no leftovers: the store puts them back (ObjectStore.PutBackMovedAside).
        found.AddRange(Files(store.TempDirectory, SearchOption.TopDirectoryOnly, cutoff, name => !ObjectStore.IsMovedAside(name)));
        found.AddRange(Files(store.Root, SearchOption.TopDirectoryOnly, cutoff, IsAtomicWriteTemporary));
        found.AddRange(Files(Path.Combine(store.Root, "runcache"), SearchOption.AllDirectories, cutoff,
            name => IsAtomicWriteTemporary(name) || (name.Contains(".git-ml-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal))));
        return found;
    }

    /// <summary>Removes what <see cref="Find"/> listed, each only if it is still stale; returns those that went.</summary>
    public static List<string> Remove(IEnumerable<string> leftovers)
    {
        var cutoff = DateTime.UtcNow - StaleAfter;
        var removed = new List<string>();
        foreach (string path in leftovers)
        {
            try
            {
                var file = new FileInfo(path);
                if (file.Exists && file.LastWriteTimeUtc < cutoff)
                {
                    file.Delete();
                    removed.Add(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to delete: either way nothing to report.
            }
        }
        return removed;
    }

    private static bool IsAtomicWriteTemporary(string name) =>
        name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);

    private static List<string> Files(string directory, SearchOption depth, DateTime cutoff, Func<string, bool> matches)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        // Links are listed as themselves, never followed: a link's own time decides, and deleting it deletes the link.
        var options = new EnumerationOptions { RecurseSubdirectories = depth == SearchOption.AllDirectories, AttributesToSkip = 0, IgnoreInaccessible = true };
        return new DirectoryInfo(directory).EnumerateFiles("*", options)
            .Where(f => matches(f.Name) && f.LastWriteTimeUtc < cutoff)
            .Select(f => f.FullName)
            .ToList();
    }
}
