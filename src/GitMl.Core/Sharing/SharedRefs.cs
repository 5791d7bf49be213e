using GitMl.Core.Runs;
using GitMl.Git;

namespace GitMl.Core.Sharing;

/// <summary>
/// Moves git-ml's own refs (<see cref="ISharedRef"/>: run notes, the model registry) between a clone and a Git remote.
/// Push sends each local ref to the same name there, without force; when the remote moved on meanwhile, it fetches,
/// integrates and pushes once more. Fetch brings the remote's refs into tracking refs
/// (refs/ml/remotes/REMOTE/...) and lets each owner integrate its own. Nested pushes skip hooks (--no-verify): the
/// pre-push hook calls this and must not run itself again.
/// </summary>
public sealed class SharedRefs(MlRepository repo, IReadOnlyList<ISharedRef> refs)
{
    /// <summary>Every shared ref git-ml knows. The registry adds its own here.</summary>
    public static List<ISharedRef> Known { get; } = [new RunNotesRef(), new Registry.RegistryRef()];

    public static SharedRefs For(MlRepository repo) => new(repo, Known);

    /// <summary>
    /// The Git remote git-ml's refs go to when a command is not told: the current branch's upstream remote, else
    /// "origin", else the only remote; null when there is none.
    /// </summary>
    public string? DefaultGitRemote()
    {
        var upstream = repo.Git.Run(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]);
        var remotes = repo.Git.Run(["remote"]).Lines();
        if (upstream.Succeeded && remotes.FirstOrDefault(r => upstream.StdoutText.Trim().StartsWith(r + "/", StringComparison.Ordinal)) is { } tracked)
        {
            return tracked;
        }
        return remotes.Contains("origin") ? "origin" : remotes.Length == 1 ? remotes[0] : null;
    }

    /// <summary>
    /// The shared refs a push to <paramref name="gitRemote"/> would send: those that exist locally and differ from
    /// what was last pushed to or fetched from it (its tracking ref), so an unchanged ref costs no round trip.
    /// </summary>
    /// <remarks>The pre-push hook asks this on every push: one `git for-each-ref` reads all of them, instead of a process per ref.</remarks>
    public IReadOnlyList<ISharedRef> Pending(string gitRemote)
    {
        string remoteName = SafeName(gitRemote);
        var names = refs.SelectMany(r => new[] { r.RefName, TrackingRef(remoteName, r) }).ToList();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in repo.Git.Check(["for-each-ref", "--format=%(refname) %(objectname)", .. names]).Lines())
        {
            int space = line.LastIndexOf(' ');
            if (space > 0)
            {
                values[line[..space]] = line[(space + 1)..];
            }
        }
        return refs.Where(r => values.TryGetValue(r.RefName, out string? local) && local != values.GetValueOrDefault(TrackingRef(remoteName, r))).ToList();
    }

    /// <summary>Pushes the <see cref="Pending"/> shared refs. Returns messages for the user.</summary>
    /// <exception cref="GitException">The push failed even after integrating the remote's changes.</exception>
    public IReadOnlyList<string> Push(string gitRemote)
    {
        var pending = Pending(gitRemote);
        if (pending.Count == 0)
        {
            return [];
        }
        var messages = new List<string>();
        var result = PushOnce(gitRemote, pending);
        if (!result.Succeeded)
        {
            // The remote has changes we lack (another clone pushed runs): take them in, then push the union.
            messages.AddRange(Fetch(gitRemote).Select(i => i.Summary));
            result = PushOnce(gitRemote, pending);
            if (!result.Succeeded)
            {
                throw new GitException($"could not push {string.Join(", ", pending.Select(r => r.RefName))} to {gitRemote}: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
            }
        }
        string remoteName = SafeName(gitRemote);
        foreach (var sharedRef in pending)
        {
            if (GitRefs.Resolve(repo.Git, sharedRef.RefName) is { } pushed)
            {
                repo.Git.Run(["update-ref", TrackingRef(remoteName, sharedRef), pushed]);
            }
        }
        messages.Add($"pushed {string.Join(", ", pending.Select(r => r.RefName))} to {gitRemote}");
        return messages;
    }

    /// <summary>Fetches the shared refs the remote has and integrates each into the local one.</summary>
    public IReadOnlyList<SharedRefIntegration> Fetch(string gitRemote)
    {
        var advertised = new Dictionary<string, string>(StringComparer.Ordinal);
        var listing = repo.Git.Check(["ls-remote", "--quiet", gitRemote, .. refs.Select(r => r.RefName)]);
        foreach (string line in listing.Lines())
        {
            string[] parts = line.Split('\t');
            if (parts.Length == 2)
            {
                advertised[parts[1]] = parts[0];
            }
        }
        var wanted = refs.Where(r => advertised.ContainsKey(r.RefName)).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        string remoteName = SafeName(gitRemote);
        repo.Git.Check(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", gitRemote, .. wanted.Select(r => $"+{r.RefName}:{TrackingRef(remoteName, r)}")]);
        return wanted.Select(r => r.Integrate(repo, gitRemote, GitRefs.Resolve(repo.Git, TrackingRef(remoteName, r)) ?? advertised[r.RefName])).ToList();
    }

    /// <summary>Where a remote's copy of a shared ref is kept: refs/ml/remotes/REMOTE/ and the ref's name after refs/.</summary>
    public static string TrackingRef(string remoteName, ISharedRef sharedRef) =>
        $"refs/ml/remotes/{remoteName}/{sharedRef.RefName["refs/".Length..]}";

    private GitResult PushOnce(string gitRemote, IEnumerable<ISharedRef> present) =>
        repo.Git.Run(["push", "--quiet", "--no-verify", gitRemote, .. present.Select(r => $"{r.RefName}:{r.RefName}")]);

    /// <summary>A remote given as a URL becomes a ref-safe name.</summary>
    private static string SafeName(string gitRemote) =>
        gitRemote.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? gitRemote : "url-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(gitRemote)))[..12];
}
