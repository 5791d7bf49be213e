namespace GitMl.Git;

/// <summary>
/// Moving refs between a repository and a Git remote by name (ls-remote, fetch, push), with typed results: a push
/// says per ref whether it landed, was rejected because the remote moved on, or was refused by the remote.
/// </summary>
public static class GitRemote
{
    /// <summary>The names of the configured Git remotes (`git remote`); none when git cannot tell.</summary>
    public static string[] Names(GitCli git) => git.Run(["remote"]).Lines();

    /// <summary>The remote's value of each of <paramref name="refNames"/> that it has (ref name -> object).</summary>
    /// <exception cref="GitException">The remote could not be read.</exception>
    public static Dictionary<string, string> List(GitCli git, string remote, IEnumerable<string> refNames)
    {
        var advertised = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in git.Check(["ls-remote", "--quiet", "--end-of-options", remote, .. refNames]).Lines())
        {
            string[] parts = line.Split('\t');
            if (parts.Length == 2)
            {
                advertised[parts[1]] = parts[0];
            }
        }
        return advertised;
    }

    /// <summary>Fetches <paramref name="refspecs"/> quietly, without tags and without writing FETCH_HEAD.</summary>
    /// <exception cref="GitException">The fetch failed.</exception>
    public static void Fetch(GitCli git, string remote, IEnumerable<string> refspecs) =>
        git.Check(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--end-of-options", remote, .. refspecs]);

    /// <summary>
    /// Pushes each object to its ref on the remote, never forcing and without running hooks (git-ml pushes its own
    /// refs from inside the pre-push hook). Every ref gets a status, read from git's porcelain output; a ref git
    /// printed nothing about (it could not reach the remote at all) is <see cref="PushStatus.Failed"/> with git's stderr.
    /// </summary>
    public static IReadOnlyList<PushedRef> Push(GitCli git, string remote, IReadOnlyList<(string Object, string Ref)> updates)
    {
        var result = git.Run(["push", "--porcelain", "--no-verify", "--end-of-options", remote, .. updates.Select(u => $"{u.Object}:{u.Ref}")]);
        var reported = new Dictionary<string, PushedRef>(StringComparer.Ordinal);
        foreach (string line in result.Lines())
        {
            // "<flag>\t<from>:<to>\t<summary>", e.g. "!\tabc:refs/notes/ml-runs\t[rejected] (fetch first)".
            string[] fields = line.Split('\t');
            int colon = fields.Length < 3 || fields[0].Length != 1 ? -1 : fields[1].LastIndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            string refName = fields[1][(colon + 1)..];
            reported[refName] = new PushedRef(refName, Classify(fields[0][0], fields[2]), fields[2]);
        }
        string failure = result.Stderr.Trim().Length > 0 ? result.Stderr.Trim() : $"git push exited {result.ExitCode}";
        return updates.Select(u => reported.GetValueOrDefault(u.Ref) ?? new PushedRef(u.Ref, PushStatus.Failed, failure)).ToList();
    }

    private static PushStatus Classify(char flag, string summary) => flag switch
    {
        ' ' or '*' or '+' or '-' => PushStatus.Updated,
        '=' => PushStatus.UpToDate,
        '!' when summary.StartsWith("[rejected]", StringComparison.Ordinal) => PushStatus.Behind,
        // The remote's own ref update lost a race with another push ("cannot lock ref", "failed to update ref"):
        // as good as behind. Anything else the remote refused (a server hook, permissions) stays refused.
        '!' when summary.Contains("lock", StringComparison.Ordinal) || summary.Contains("failed to update ref", StringComparison.Ordinal) => PushStatus.Behind,
        _ => PushStatus.Refused,
    };
}

/// <summary>What happened to one ref of a push.</summary>
/// <param name="Detail">git's summary for the ref (e.g. "[rejected] (fetch first)"), or its stderr when the push failed as a whole.</param>
public sealed record PushedRef(string Ref, PushStatus Status, string Detail);

/// <summary>The outcome of pushing one ref.</summary>
public enum PushStatus
{
    /// <summary>The remote's ref now points at what was pushed.</summary>
    Updated,

    /// <summary>The remote already had it.</summary>
    UpToDate,

    /// <summary>The remote has commits the pushed one lacks (another clone pushed first, or won the race to update it): fetch, integrate, push again.</summary>
    Behind,

    /// <summary>The remote refused the update for another reason (a server hook, permissions).</summary>
    Refused,

    /// <summary>The push failed as a whole (remote unreachable, not a repository).</summary>
    Failed,
}
