namespace GitMl.Git;

/// <summary>
/// One worktree of a repository: the main one, or a linked one (`git worktree add`) whose administrative folder is
/// $GIT_COMMON_DIR/worktrees/ID. Its git dir holds what is its own: HEAD, the index, MERGE_HEAD and the other
/// pseudo-refs, rebase-merge/, rebase-apply/ and sequencer/.
/// </summary>
/// <param name="Id">The linked worktree's id; null for the main worktree.</param>
/// <param name="GitDirectory">Its own git dir (for the main worktree, the common dir).</param>
public sealed record GitWorktree(string? Id, string GitDirectory)
{
    /// <summary>
    /// A name any worktree can use for this worktree's per-worktree ref or pseudo-ref <paramref name="name"/>, in git's
    /// own syntax: "main-worktree/HEAD", "worktrees/ID/MERGE_HEAD".
    /// </summary>
    public string RefName(string name) => Id is null ? $"main-worktree/{name}" : $"worktrees/{Id}/{name}";
}

/// <summary>The worktrees of a repository and what each has under way.</summary>
public static class GitWorktrees
{
    /// <summary>
    /// The pseudo-refs a worktree may hold (besides HEAD): the other side of a merge, the commit a cherry-pick,
    /// revert or rebase stopped at, the head before a reset or rebase, the tree of a merge's automatic result, the
    /// commit bisect checked out.
    /// </summary>
    public static readonly IReadOnlyList<string> PseudoRefs =
        ["ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD", "AUTO_MERGE", "BISECT_HEAD"];

    /// <summary>The per-worktree ref namespaces besides HEAD and the pseudo-refs (bisect marks, refs/worktree, rebase -r labels).</summary>
    public static readonly IReadOnlyList<string> PerWorktreeNamespaces = ["refs/bisect/", "refs/worktree/", "refs/rewritten/"];

    /// <summary>
    /// Every worktree, the main one first, listed as git itself lists them (`git worktree list` reads the same
    /// folders): a linked worktree whose folder was deleted is still listed until `git worktree prune`, because git
    /// still keeps what it refers to. A linked worktree whose id git could not name in a ref
    /// ("worktrees/ID/HEAD") is left out: git makes such ids only when the folder was renamed by hand.
    /// </summary>
    public static IReadOnlyList<GitWorktree> List(RepositoryLayout layout)
    {
        var worktrees = new List<GitWorktree> { new(null, layout.CommonDirectory) };
        var admin = new DirectoryInfo(Path.Combine(layout.CommonDirectory, "worktrees"));
        if (admin.Exists)
        {
            foreach (var folder in admin.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                if (IsNameable(folder.Name) && File.Exists(Path.Combine(folder.FullName, "HEAD")))
                {
                    worktrees.Add(new GitWorktree(folder.Name, folder.FullName));
                }
            }
        }
        return worktrees;
    }

    /// <summary>Whether the worktree may have refs of its own in <see cref="PerWorktreeNamespaces"/> (so that
    /// listing them is worth a git call): it has one of their folders, or keeps its refs in a reftable.</summary>
    public static bool MayHavePerWorktreeRefs(GitWorktree worktree) =>
        Directory.Exists(Path.Combine(worktree.GitDirectory, "reftable"))
        || PerWorktreeNamespaces.Any(ns => Directory.Exists(Path.Combine(worktree.GitDirectory, ns.TrimEnd('/'))));

    /// <summary>
    /// The commits an operation under way in the worktree still needs, as object names (full or abbreviated, as git
    /// wrote them; resolve them with git, which skips what does not name an object): a rebase's onto, original head,
    /// stopped commit and its to-do and done lists (rebase-merge/, and rebase-apply/ with its patches' "From" lines),
    /// a cherry-pick or revert sequence (sequencer/), every head of an octopus MERGE_HEAD, and an autostash with its
    /// index and untracked parts (^2, ^3). Names git could mistake for options are never returned.
    /// </summary>
    public static List<string> InProgress(GitWorktree worktree)
    {
        var names = new List<string>();
        string dir = worktree.GitDirectory;
        void From(string relative, bool isStash = false)
        {
            foreach (string name in ObjectNamesIn(Path.Combine(dir, relative), firstLineOnly: false))
            {
                names.Add(name);
                if (isStash)
                {
                    names.Add(name + "^2");
                    names.Add(name + "^3");
                }
            }
        }
        From("MERGE_HEAD");
        foreach (string state in new[] { "rebase-merge", "rebase-apply" })
        {
            foreach (string file in new[] { "onto", "orig-head", "stopped-sha", "amend", "abort-safety", "original-commit", "git-rebase-todo", "git-rebase-todo.backup", "done", "rewritten-list" })
            {
                From(Path.Combine(state, file));
            }
            From(Path.Combine(state, "autostash"), isStash: true);
        }
        string patches = Path.Combine(dir, "rebase-apply");
        if (Directory.Exists(patches))
        {
            // The apply backend keeps each commit still to apply as a numbered patch whose first line is "From <commit> ...".
            foreach (string patch in Directory.EnumerateFiles(patches).Where(p => Path.GetFileName(p).All(char.IsAsciiDigit)))
            {
                names.AddRange(ObjectNamesIn(patch, firstLineOnly: true));
            }
        }
        foreach (string file in new[] { "head", "todo", "done", "abort-safety" })
        {
            From(Path.Combine("sequencer", file));
        }
        return names;
    }

    /// <summary>The words of a state file that look like object names (7 to 64 lowercase hex digits). Only the
    /// first 16 MiB are read: a to-do list is never near that.</summary>
    private static IEnumerable<string> ObjectNamesIn(string path, bool firstLineOnly)
    {
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (!file.CanSeek)
            {
                yield break; // Not a regular file: nothing git wrote.
            }
            using var reader = new StreamReader(file);
            char[] buffer = new char[firstLineOnly ? 256 : 16 << 20];
            int n = reader.ReadBlock(buffer, 0, buffer.Length);
            text = new string(buffer, 0, n);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            yield break;
        }
        foreach (string line in firstLineOnly ? text.Split('\n').Take(1) : text.Split('\n'))
        {
            foreach (string word in line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Length is >= 7 and <= 64 && word.All(char.IsAsciiHexDigitLower))
                {
                    yield return word;
                }
            }
        }
    }

    /// <summary>Whether git can name the worktree in a ref ("worktrees/ID/HEAD") and the name is safe on a command line.</summary>
    private static bool IsNameable(string id) =>
        id.Length > 0 && id[0] is not ('.' or '-') && !id.EndsWith(".lock", StringComparison.Ordinal) && !id.Contains("..", StringComparison.Ordinal)
        && id.All(c => c > ' ' && c != 0x7f && c is not ('~' or '^' or ':' or '?' or '*' or '[' or '\\' or '@' or '/'));
}
