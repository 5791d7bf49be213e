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
