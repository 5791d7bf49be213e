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
    /// Tracked paths that differ from HEAD, staged or not, from `git status --porcelain=v1 -z --untracked-files=no`,
    /// in git's order. A staged rename or copy names both paths: its new path, then the path it came from (git gives
    /// that one as a field of its own, with no status letters).
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static List<string> ChangedPaths(GitCli git)
    {
        string[] entries = git.Check(["status", "--porcelain=v1", "-z", "--untracked-files=no"]).NulSeparated();
        var paths = new List<string>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            string entry = entries[i];
            if (entry.Length < 4 || entry[2] != ' ')
            {
                continue;
            }
            paths.Add(entry[3..]);
            if (entry[0] is 'R' or 'C' && i + 1 < entries.Length)
            {
                paths.Add(entries[++i]);
            }
        }
        return paths;
    }
}
