using System.Text;

namespace GitMl.Git;

/// <summary>
/// Reading refs and updating them with compare-and-swap, plus the few plumbing writes that build a commit from
/// content (blob, tree, commit). Git-ml's own refs (run notes, the model registry) are updated only through
/// <see cref="TryUpdate"/>: two writers that start from the same old value cannot both win, so the loser rebuilds
/// on the winner's commit instead of silently overwriting it.
/// </summary>
public static class GitRefs
{
    /// <summary>The all-zero object name: as the expected old value, "the ref must not exist yet".</summary>
    public const string Absent = "0000000000000000000000000000000000000000";

    /// <summary>The object the ref points at, or null when it does not exist.</summary>
    public static string? Resolve(GitCli git, string refName)
    {
        var result = git.Run(["rev-parse", "--verify", "--quiet", "--end-of-options", refName]);
        return result.Succeeded ? result.StdoutText.Trim() : null;
    }

    /// <summary>
    /// The commit <paramref name="revision"/> names (any commit-ish: a branch, a tag, an abbreviated name, "HEAD~2"),
    /// as a full object name; null when git knows no commit by that name (nothing by that name, or not a commit).
    /// </summary>
    public static string? ResolveCommit(GitCli git, string revision) =>
        git.Run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"]) is { Succeeded: true } result
        && result.StdoutText.Trim() is { Length: > 0 } commit ? commit : null;

    /// <summary>Whether HEAD points at something: false in a repository with no commit yet (an unborn branch).</summary>
    public static bool HasHead(GitCli git) => git.Run(["rev-parse", "--verify", "-q", "HEAD"]).Succeeded;

    /// <summary>
    /// The commit HEAD is at and the full name of the branch it is on (null when HEAD is detached), in one
    /// `git rev-parse`; null when the repository has no commit yet.
    /// </summary>
    public static GitHead? Head(GitCli git)
    {
        var result = git.Run(["rev-parse", "HEAD^{commit}", "--symbolic-full-name", "HEAD"]);
        string[] lines = result.Lines();
        if (!result.Succeeded || lines.Length < 2)
        {
            return null;
        }
        // --symbolic-full-name prints "HEAD" itself when HEAD is detached.
        return new GitHead(lines[0], lines[1] == "HEAD" ? null : lines[1]);
    }

    /// <summary>
    /// The current branch's upstream as git abbreviates it ("origin/main"); null when there is none (detached HEAD,
    /// no upstream configured) or git cannot tell.
    /// </summary>
    public static string? Upstream(GitCli git) =>
        git.Run(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]) is { Succeeded: true } result ? result.StdoutText.Trim() : null;

    /// <summary>
    /// The local branches' short names, sorted by ref name, as git abbreviates them: "main", or "heads/main" where
    /// another ref (a tag) has the same short name, so that each name still resolves to its branch.
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static string[] BranchNames(GitCli git) => git.Check(["for-each-ref", "--format=%(refname:short)", "refs/heads"]).Lines();

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="descendant"/> or in its history.</summary>
    public static bool IsAncestor(GitCli git, string ancestor, string descendant) =>
        git.Run(["merge-base", "--is-ancestor", ancestor, descendant]).Succeeded;

    /// <summary>The best common ancestor of two commits, or null when their histories are unrelated.</summary>
    public static string? MergeBase(GitCli git, string a, string b) =>
        git.Run(["merge-base", a, b]) is { Succeeded: true } result ? result.StdoutText.Trim() : null;

    /// <summary>
    /// Every ref whose name starts with one of <paramref name="prefixes"/> (every ref when there are none), with the
    /// object it points at, in one `git for-each-ref`. With <paramref name="gitDirectory"/>, as the worktree with that
    /// git dir sees them: its own per-worktree refs (refs/bisect/, refs/worktree/, refs/rewritten/) instead of this one's.
    /// </summary>
    public static List<(string Name, string Oid)> List(GitCli git, IReadOnlyList<string>? prefixes = null, string? gitDirectory = null)
    {
        var environment = gitDirectory is null ? null : new Dictionary<string, string?> { ["GIT_DIR"] = gitDirectory, ["GIT_WORK_TREE"] = null };
        var refs = new List<(string, string)>();
        foreach (string line in git.Check(["for-each-ref", "--format=%(objectname) %(refname)", .. prefixes ?? []], environment: environment).Lines())
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                refs.Add((line[(space + 1)..], line[..space]));
            }
        }
        return refs;
    }

    /// <summary>Points <paramref name="refName"/> at <paramref name="oid"/> whatever it pointed at before (creating it if needed).</summary>
    /// <exception cref="GitException">git could not (a bad name, an object git does not have, the ref is locked).</exception>
    public static void Set(GitCli git, string refName, string oid) => git.Check(["update-ref", refName, oid]);

    /// <summary>Deletes a ref; false when git could not (it was already gone, or is locked).</summary>
    public static bool TryDelete(GitCli git, string refName) => git.Run(["update-ref", "-d", "--end-of-options", refName]).Succeeded;

    /// <summary>
    /// Points <paramref name="refName"/> at <paramref name="newOid"/> only if it still points at
    /// <paramref name="expectedOld"/> (null: only if it does not exist). False when another writer got there first;
    /// git's own ref lock makes the check and the write one atomic step.
    /// </summary>
    public static bool TryUpdate(GitCli git, string refName, string newOid, string? expectedOld, string? reflogMessage = null) =>
        TryUpdate(git, refName, newOid, expectedOld, reflogMessage, out _);

    /// <summary>As <see cref="TryUpdate(GitCli, string, string, string?, string?)"/>; <paramref name="problem"/> is git's own explanation when it fails.</summary>
    public static bool TryUpdate(GitCli git, string refName, string newOid, string? expectedOld, string? reflogMessage, out string problem)
    {
        var args = new List<string> { "update-ref" };
        if (reflogMessage is not null)
        {
            args.AddRange(["-m", reflogMessage]);
        }
        args.AddRange([refName, newOid, expectedOld ?? Absent]);
        var result = git.Run(args);
        problem = result.Stderr.Trim();
        return result.Succeeded;
    }

    /// <summary>Creates the annotated tag <paramref name="tagName"/> (a short name, "model-v1.0.0") on <paramref name="target"/>.</summary>
    /// <exception cref="GitException">git could not (the tag exists, no identity is configured, the target is unknown).</exception>
    public static void CreateAnnotatedTag(GitCli git, string tagName, string message, string target) =>
        git.Check(["tag", "-a", tagName, "-m", message, target]);

    /// <summary>Writes <paramref name="content"/> as a blob into the object database and returns its name.</summary>
    public static string WriteBlob(GitCli git, byte[] content) =>
        git.Check(["hash-object", "-w", "--stdin"], content).StdoutText.Trim();

    /// <summary>
    /// Writes a flat tree of blobs (name -> blob oid, mode 100644) and returns its name. Names must not hold a
    /// slash, a NUL or a newline.
    /// </summary>
    public static string WriteTree(GitCli git, IEnumerable<KeyValuePair<string, string>> blobs)
    {
        var input = new StringBuilder();
        foreach (var (name, oid) in blobs.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            input.Append("100644 blob ").Append(oid).Append('\t').Append(name).Append('\0');
        }
        return git.Check(["mktree", "-z"], Encoding.UTF8.GetBytes(input.ToString())).StdoutText.Trim();
    }

    /// <summary>Writes a commit of <paramref name="tree"/> with the given parents and message; returns its name.</summary>
    public static string WriteCommit(GitCli git, string tree, IEnumerable<string> parents, string message)
    {
        var args = new List<string> { "commit-tree", tree };
        foreach (string parent in parents)
        {
            args.AddRange(["-p", parent]);
        }
        return git.Check(args, Encoding.UTF8.GetBytes(message)).StdoutText.Trim();
    }
}

/// <summary>Where HEAD is: its commit, and the full name of its branch ("refs/heads/main"), null when detached.</summary>
public sealed record GitHead(string Commit, string? RefName)
{
    /// <summary>The branch's short name ("main"), or null when HEAD is detached or on a ref outside refs/heads/.</summary>
    public string? Branch => RefName is { } name && name.StartsWith("refs/heads/", StringComparison.Ordinal) ? name["refs/heads/".Length..] : null;
}
