namespace GitMl.Git;

/// <summary>What `git status` says of tracked files (untracked files and submodules are never looked at).</summary>
public static class GitStatus
{
    /// <summary>
    /// Paths that differ between the working tree and the index (<c>Unstaged</c>), and between the index and HEAD
    /// (<c>Staged</c>; every staged path when there is no commit yet), from one `git status --porcelain=v2` without
    /// rename detection. An unmerged path is in both.
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static (HashSet<string> Unstaged, HashSet<string> Staged) Changes(GitCli git)
    {
        var unstaged = new HashSet<string>(StringComparer.Ordinal);
        var staged = new HashSet<string>(StringComparer.Ordinal);
        string[] records = git.Check(["status", "--porcelain=v2", "-z", "--untracked-files=no", "--no-renames", "--ignore-submodules=all"]).NulSeparated();
        for (int i = 0; i < records.Length; i++)
        {
            string record = records[i];
            // "1 XY sub mH mI mW hH hI path", "2 XY sub mH mI mW hH hI Xscore path" + NUL + origPath, "u XY sub m1 m2 m3 mW h1 h2 h3 path".
            int fields = record.Length > 0 ? record[0] switch { '1' => 9, '2' => 10, 'u' => 11, _ => 0 } : 0;
            if (fields == 0)
            {
                continue;
            }
            string[] f = record.Split(' ', fields);
            if (f.Length < fields || f[1].Length != 2)
            {
                continue;
            }
            string path = f[fields - 1];
            if (f[1][0] != '.')
            {
                staged.Add(path);
            }
            if (f[1][1] != '.')
            {
                unstaged.Add(path);
            }
            if (record[0] == '2')
            {
                i++; // the original path of a rename or copy
            }
        }
        return (unstaged, staged);
    }

    /// <summary>
    /// The entries of `git status --porcelain=v1 -z --untracked-files=no` (tracked files that differ from HEAD, staged
    /// or not), each without its two status letters and space. A staged rename is two entries: its new path, then
    /// its old path with its first three characters cut, as git-ml has always recorded it (kept for run origins to
    /// stay comparable; a path of three characters or fewer is left out).
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static List<string> ChangedPaths(GitCli git) =>
        git.Check(["status", "--porcelain=v1", "-z", "--untracked-files=no"]).NulSeparated()
            .Where(e => e.Length > 3)
            .Select(e => e[3..])
            .ToList();
}
