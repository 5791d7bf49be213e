namespace GitMl.Git;

/// <summary>
/// Finds a repository's common directory from the files git writes, without running git, for code on a hot
/// path (a hook with nothing to do must not pay for a process start). It handles the layouts git creates for
/// a working tree root: a .git folder, a .git file pointing elsewhere (worktrees, submodules), GIT_DIR and
/// GIT_COMMON_DIR; for anything else it returns null and the caller asks git (<see cref="RepositoryLayout"/>).
/// </summary>
public static class RepositoryProbe
{
    /// <param name="workTreeRoot">The top of a working tree (git runs hooks there).</param>
    public static string? CommonDirectory(string workTreeRoot, Func<string, string?> environment)
    {
        string? gitDir = environment("GIT_DIR") is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment, workTreeRoot)
            : GitDirectoryAt(workTreeRoot);
        if (gitDir is null || !Directory.Exists(gitDir))
        {
            return null;
        }
        if (environment("GIT_COMMON_DIR") is { Length: > 0 } common)
        {
            return Path.GetFullPath(common, workTreeRoot);
        }
        string commondir = Path.Combine(gitDir, "commondir");
        return File.Exists(commondir) ? Path.GetFullPath(File.ReadAllText(commondir).Trim(), gitDir) : gitDir;
    }

    /// <summary>
    /// The layout of the repository whose working tree <paramref name="workTreeRoot"/> is the top of, from files alone,
    /// for a hook (git starts hooks at the top of the working tree, with GIT_DIR set wherever the git directory is not
    /// ./.git): a hook on every commit and checkout then starts no `git rev-parse` of its own. Null for anything unusual
    /// (a bare repository, whose hooks run inside the git directory; GIT_WORK_TREE naming another folder; no .git
    /// folder or file here), and the caller asks git (<see cref="RepositoryLayout.Discover"/>).
    /// </summary>
    /// <param name="hooksDirectory">The folder git ran the hook from (core.hooksPath is honoured there already).</param>
    public static RepositoryLayout? HookLayout(string workTreeRoot, string hooksDirectory, Func<string, string?> environment)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workTreeRoot));
        if (environment("GIT_WORK_TREE") is { Length: > 0 } workTree
            && Path.TrimEndingDirectorySeparator(Path.GetFullPath(workTree, root)) != root)
        {
            return null;
        }
        string? gitDir = environment("GIT_DIR") is { Length: > 0 } fromEnvironment
            ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(fromEnvironment, root))
            : GitDirectoryAt(root);
        if (gitDir is null || !Directory.Exists(gitDir) || gitDir == root || root.StartsWith(gitDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }
        string? common = CommonDirectory(root, environment);
        return common is null ? null : new RepositoryLayout(root, gitDir, Path.TrimEndingDirectorySeparator(common), Path.GetFullPath(hooksDirectory));
    }

    private static string? GitDirectoryAt(string workTreeRoot)
    {
        string dotGit = Path.Combine(workTreeRoot, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }
        if (!File.Exists(dotGit))
        {
            return null;
        }
        string text = File.ReadAllText(dotGit).Trim();
        const string prefix = "gitdir: ";
        return text.StartsWith(prefix, StringComparison.Ordinal) ? Path.GetFullPath(text[prefix.Length..], workTreeRoot) : null;
    }
}
