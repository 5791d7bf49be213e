using GitMl.Git;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Where git-ml may delete or write on behalf of a pipeline or an import, whose paths someone else wrote: inside
/// the working tree, never the top of it, never in a Git directory (a `.git` segment anywhere, this repository's
/// git and common directories), and never through a symbolic link that leads out of those bounds. Paths are judged
/// as written first, then as the file system resolves them (every symbolic link on the way followed, as
/// realpath(3) does), so `sub/../.git`, `./`, an empty path, a link to `.git/hooks` and a link to a folder outside
/// the repository are all refused. The file-system part is re-checked at the moment of each deletion or write: a
/// stage that ran before may have put a link where a folder was.
/// </summary>
public sealed class WorkTreeGuard
{
    private const int MaxLinks = 40;

    private readonly string _workTree;
    private readonly string _realWorkTree;
    private readonly string[] _realGitDirectories;

    public WorkTreeGuard(string workTree, IEnumerable<string> gitDirectories)
    {
        _workTree = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workTree));
        _realWorkTree = Resolve("/", _workTree) ?? _workTree;
        _realGitDirectories = [.. gitDirectories.Select(d => Resolve("/", Path.GetFullPath(d)) ?? d).Distinct(StringComparer.Ordinal)];
    }

    public static WorkTreeGuard For(MlRepository repo) =>
        new(repo.WorkTree, [repo.Layout.GitDirectory, repo.Layout.CommonDirectory]);

    /// <summary>What is wrong with a path as written (relative to the top of the working tree), or null. Pure.</summary>
    public static string? LexicalRefusal(string path)
    {
        if (path.Contains("://", StringComparison.Ordinal))
        {
            return "is a URL, outside the working tree";
        }
        string normalized = PipelinePaths.Normalize(path);
        if (normalized == ".")
        {
            return "is the top of the working tree";
        }
        if (normalized.StartsWith('/') || normalized == ".." || normalized.StartsWith("../", StringComparison.Ordinal))
        {
            return "is outside the working tree";
        }
        return HasGitSegment(normalized) ? "is inside Git's own directory (.git)" : null;
    }

    /// <summary>
    /// What is wrong with deleting or writing at a path (relative to the top of the working tree), as written or as
    /// the file system resolves it now; null when git-ml may.
    /// </summary>
    public string? Refusal(string path) => Refusal(path, links: null);

    /// <summary>
    /// <see cref="Refusal(string)"/> for one of many paths judged in one pass (a pipeline's outputs, before anything
    /// runs): <paramref name="links"/> remembers, for the pass, what each path on the way is (a link's target, or null),
    /// so a folder holding many outputs costs one readlink, not one per output.
    /// </summary>
    public string? Refusal(string path, Dictionary<string, string?>? links)
    {
        if (LexicalRefusal(path) is { } lexical)
        {
            return lexical;
        }
        string normalized = PipelinePaths.Normalize(path);
        string? real;
        try
        {
            real = Resolve(_realWorkTree, normalized, links);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot be checked: a folder on the way cannot be read";
        }
        if (real is null)
        {
            return "leads through a loop of symbolic links";
        }
        string what = real == Path.Join(_realWorkTree, normalized) ? "is " : $"leads through a symbolic link to {real}, ";
        if (_realGitDirectories.Any(d => IsSameOrInside(real, d)))
        {
            return what + "inside Git's own directory";
        }
        if (!IsSameOrInside(real, _realWorkTree))
        {
            return what + "outside the working tree";
        }
        if (real == _realWorkTree)
        {
            return what + "the top of the working tree";
        }
        return HasGitSegment(Path.GetRelativePath(_realWorkTree, real)) ? what + "inside Git's own directory (.git)" : null;
    }

    /// <summary>The full path of <paramref name="path"/>, after checking git-ml may delete or write there.</summary>
    /// <exception cref="UnsafePathException">It may not; the message says why.</exception>
    public string Require(string path) =>
        Refusal(path) is { } why ? throw new UnsafePathException($"{path} {why}; git-ml does not delete or write there") : Path.Combine(_workTree, PipelinePaths.Normalize(path));

    /// <summary>
    /// Deletes a file or folder that <see cref="Require"/> allows, without following any symbolic link: a link is
    /// removed itself, a folder is emptied link by link. A folder holding a `.git` (a repository of its own) is
    /// refused before anything in it is deleted.
    /// </summary>
    /// <exception cref="UnsafePathException">The path is not git-ml's to delete.</exception>
    public void Delete(string path)
    {
        string full = Require(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null || info.Exists)
        {
            File.Delete(full);
            return;
        }
        if (!Directory.Exists(full))
        {
            return;
        }
        if (FindGitDirectory(full) is { } nested)
        {
            throw new UnsafePathException($"{path} holds {Path.GetRelativePath(_workTree, nested)}, a Git repository of its own; git-ml does not delete it");
        }
        DeleteTree(full);
    }

    private static string? FindGitDirectory(string folder)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry.Name.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return entry.FullName;
            }
            if (entry is DirectoryInfo && entry.LinkTarget is null && FindGitDirectory(entry.FullName) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static void DeleteTree(string folder)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                DeleteTree(entry.FullName);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }
        Directory.Delete(folder);
    }

    private static bool HasGitSegment(string relative)
    {
        foreach (var range in relative.AsSpan().SplitAny('/', '\\'))
        {
            if (relative.AsSpan(range).Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsSameOrInside(string path, string folder) =>
        path == folder || (path.StartsWith(folder, StringComparison.Ordinal) && (folder.EndsWith('/') || (path.Length > folder.Length && path[folder.Length] == '/')));

    /// <summary>
    /// <paramref name="relative"/> under <paramref name="realBase"/> (a path without links), with every symbolic link
    /// on the way resolved as realpath(3) does; what does not exist is taken as written. One readlink per part below
    /// the base. Null when links loop (more than 40 on the way, as Linux counts).
    /// </summary>
    private static string? Resolve(string realBase, string relative, Dictionary<string, string?>? linkTargets = null)
    {
        var pending = new Stack<string>(relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        string current = realBase;
        int links = 0;
        while (pending.TryPop(out string? part))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            string next = Path.Join(current, part);
            // Null for anything that is not a link, including what does not exist.
            if (LinkTarget(next, linkTargets) is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                return null;
            }
            foreach (string piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(piece);
            }
            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }
        return current;
    }

    private static string? LinkTarget(string path, Dictionary<string, string?>? links)
    {
        if (links is null)
        {
            return new FileInfo(path).LinkTarget;
        }
        if (!links.TryGetValue(path, out string? target))
        {
            links[path] = target = new FileInfo(path).LinkTarget;
        }
        return target;
    }
}

/// <summary>git-ml was asked to delete or write where it must not (the message says where and why); nothing was changed there.</summary>
public sealed class UnsafePathException(string message) : IOException(message);
