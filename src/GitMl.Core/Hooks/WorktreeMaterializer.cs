using System.Text;
using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Hooks;

/// <summary>
/// Replaces pointers left in the working tree by their content once the store has it (after a checkout with
/// smudge skipped, or once missing objects arrive). It only reads files small enough to be pointers, so a tree
/// of materialised files costs one stat each. Files are rewritten by `git checkout-index`, through the filter,
/// so the index stays in step and `git status` stays clean. Each pointer file is removed first: git skips an
/// entry whose file it considers up to date, and a pointer file is exactly what the index holds.
/// </summary>
public static class WorktreeMaterializer
{
    public sealed record Result(IReadOnlyList<string> Materialized, IReadOnlyList<(string Path, Pointer Pointer)> Missing);

    public static Result Run(MlRepository repo, IReadOnlyList<IObjectSource> sources)
    {
        if (repo.Layout.WorkTree is not { } top || repo.Settings.SkipSmudge)
        {
            return new Result([], []);
        }
        var ready = new List<string>();
        var missing = new List<(string, Pointer)>();
        foreach (var (path, pointer) in PointersInWorktree(repo.Git, top))
        {
            if (repo.Store.Contains(pointer.Oid) || sources.Any(s => TryCopy(s, pointer, repo.Store)))
            {
                ready.Add(path);
            }
            else
            {
                missing.Add((path, pointer));
            }
        }
        if (ready.Count > 0)
        {
            CheckOut(repo, top, ready);
        }
        return new Result(ready, missing);
    }

    private static void CheckOut(MlRepository repo, string top, List<string> paths)
    {
        var removed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            string full = Path.Combine(top, path);
            removed[full] = File.ReadAllBytes(full);
            File.Delete(full);
        }
        byte[] input = Encoding.UTF8.GetBytes(string.Concat(paths.Select(p => p + "\0")));
        var result = repo.Git.Run(["checkout-index", "--force", "--index", "-z", "--stdin"], input);
        if (!result.Succeeded)
        {
            // Put back whatever pointer git could not replace, so nothing is lost; report git's reason.
            foreach (var (full, pointer) in removed.Where(r => !File.Exists(r.Key)))
            {
                File.WriteAllBytes(full, pointer);
            }
            throw new GitException($"could not materialise files: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
        }
    }

    /// <summary>Working-tree files that are git-ml pointers, for index entries that are pointers too.</summary>
    public static IEnumerable<(string Path, Pointer Pointer)> PointersInWorktree(GitCli git, string top)
    {
        byte[] buffer = new byte[Pointer.SizeLimit];
        foreach (var entry in IndexEntry.ReadAll(git))
        {
            if (entry.Stage != 0 || !entry.IsRegularFile)
            {
                continue;
            }
            var info = new FileInfo(Path.Combine(top, entry.Path));
            if (!info.Exists || info.Length >= Pointer.SizeLimit || info.Length == 0)
            {
                continue;
            }
            int n;
            using (var file = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0))
            {
                n = ObjectStore.ReadFully(file, buffer);
            }
            if (Pointer.TryParse(buffer.AsSpan(0, n), out _) is { } pointer)
            {
                yield return (entry.Path, pointer);
            }
        }
    }

    private static bool TryCopy(IObjectSource source, Pointer pointer, ObjectStore store)
    {
        try
        {
            return source.TryCopyTo(pointer, store);
        }
        catch (Exception e) when (e is ContentMismatchException or Storage.StorageException or IOException)
        {
            return false;
        }
    }
}
