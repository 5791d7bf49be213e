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
