using GitMl.Core.Runs;
using GitMl.Git;

namespace GitMl.Core.Sharing;

/// <summary>
/// Moves git-ml's own refs (<see cref="ISharedRef"/>: run notes, the model registry) between a clone and a Git remote.
/// Push sends each local ref to the same name there, without force; when the remote moved on meanwhile, it fetches,
/// integrates and pushes again, bounded by the <see cref="ContentionPolicy"/>. Fetch brings the remote's refs into
/// tracking refs (refs/ml/remotes/REMOTE/...) and integrates each (<see cref="SharedRefIntegrator"/>). Nested pushes
/// skip hooks (--no-verify): the pre-push hook calls this and must not run itself again.
/// </summary>
public sealed class SharedRefs(MlRepository repo, IReadOnlyList<ISharedRef> refs, ContentionPolicy? contention = null)
{
    private readonly ContentionPolicy policy = contention ?? ContentionPolicy.Default;

    /// <summary>Every shared ref git-ml knows. The registry adds its own here.</summary>
    public static List<ISharedRef> Known { get; } = [new RunNotesRef(), new Registry.RegistryRef()];

    public static SharedRefs For(MlRepository repo) => new(repo, Known);

    /// <summary>
    /// The Git remote git-ml's refs go to when a command is not told: the current branch's upstream remote, else
    /// "origin", else the only remote; null when there is none.
    /// </summary>
    public string? DefaultGitRemote()
    {
        string? upstream = GitRefs.Upstream(repo.Git);
        var remotes = GitRemote.Names(repo.Git);
        if (upstream is not null && remotes.FirstOrDefault(r => upstream.StartsWith(r + "/", StringComparison.Ordinal)) is { } tracked)
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
        foreach (var (name, oid) in GitRefs.List(repo.Git, names))
        {
            values[name] = oid;
        }
        return refs.Where(r => values.TryGetValue(r.RefName, out string? local) && local != values.GetValueOrDefault(TrackingRef(remoteName, r))).ToList();
    }

    /// <summary>
    /// Pushes the <see cref="Pending"/> shared refs, each as the exact commit checked. A ref whose owner refuses
    /// rewrites (the registry) is first compared with what the remote had (its tracking ref) and not pushed if it
    /// rewrites it. When another clone pushed first, the remote's changes are fetched and integrated, and the result
    /// pushed again, with the <see cref="ContentionPolicy"/>'s pauses, until it lands, a real conflict stops it, or the
    /// policy gives up.
    /// </summary>
    public SharedRefPush Push(string gitRemote)
    {
        var pending = Pending(gitRemote).ToList();
        var outcome = (Pushed: new List<string>(), Integrations: new List<SharedRefIntegration>(), Problems: new List<SharedRefProblem>());
        for (int attempt = 0; pending.Count > 0; attempt++)
        {
            var behind = PushOnce(gitRemote, pending, outcome.Pushed, outcome.Problems);
            if (behind.Count == 0)
            {
                break;
            }
            if (attempt + 1 >= policy.Attempts)
            {
                outcome.Problems.Add(new SharedRefProblem($"could not push {string.Join(", ", behind.Select(r => r.RefName))} to {gitRemote}: other clones kept pushing first ({policy.Attempts} attempts); run git ml push again", []));
                break;
            }
            // Another clone pushed first: take its changes in, then push the union.
            policy.Pause(attempt);
            pending = TakeInRemoteChanges(gitRemote, behind, outcome.Integrations, outcome.Problems);
        }
        return new SharedRefPush(outcome.Pushed, outcome.Integrations, outcome.Problems);
    }

    /// <summary>One push of the refs' current commits (those that do not rewrite what the remote had); returns the refs the remote was ahead on.</summary>
    private List<ISharedRef> PushOnce(string gitRemote, List<ISharedRef> refsToPush, List<string> pushed, List<SharedRefProblem> problems)
    {
        string remoteName = SafeName(gitRemote);
        var updates = new List<(ISharedRef Ref, string Tip)>();
        foreach (var sharedRef in refsToPush)
        {
            if (GitRefs.Resolve(repo.Git, sharedRef.RefName) is not { } tip)
            {
                continue;
            }
            if (RewriteOf(sharedRef, GitRefs.Resolve(repo.Git, TrackingRef(remoteName, sharedRef)), tip, gitRemote) is { } problem)
            {
                problems.Add(problem);
                continue;
            }
            updates.Add((sharedRef, tip));
        }
        if (updates.Count == 0)
        {
            return []; // A push with no refspec would push the current branch instead.
        }
        var behind = new List<ISharedRef>();
        foreach (var (update, result) in updates.Zip(GitRemote.Push(repo.Git, gitRemote, updates.Select(u => (u.Tip, u.Ref.RefName)).ToList())))
        {
            switch (result.Status)
            {
                case PushStatus.Updated or PushStatus.UpToDate:
                    GitRefs.Set(repo.Git, TrackingRef(remoteName, update.Ref), update.Tip);
                    if (!pushed.Contains(update.Ref.RefName))
                    {
                        pushed.Add(update.Ref.RefName);
                    }
                    break;
                case PushStatus.Behind:
                    behind.Add(update.Ref);
                    break;
                default:
                    problems.Add(new SharedRefProblem($"could not push {update.Ref.RefName} to {gitRemote}: {result.Detail}", []));
                    break;
            }
        }
        return behind;
    }

    /// <summary>
    /// For the pre-push hook: the shared refs a `git push` names itself (its hook input, "local-ref local-oid
    /// remote-ref remote-oid" lines) that would rewrite what the remote has: the remote's current value when this
    /// clone has it, else what was last fetched from it. Deleting such a ref on the remote drops all of it.
    /// </summary>
    public IReadOnlyList<SharedRefProblem> CheckNamedPush(string gitRemote, string refUpdates)
    {
        var problems = new List<SharedRefProblem>();
        foreach (string[] fields in refUpdates.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split(' ')).Where(f => f.Length >= 4))
        {
            if (refs.FirstOrDefault(r => r.RefName == fields[2] && !r.RepairsRewrites) is not { } sharedRef)
            {
                continue;
            }
            string? remote = IsZero(fields[3]) || GitRefs.Resolve(repo.Git, fields[3] + "^{commit}") is null
                ? GitRefs.Resolve(repo.Git, TrackingRef(SafeName(gitRemote), sharedRef))
                : fields[3];
            if (IsZero(fields[1]))
            {
                if (remote is not null)
                {
                    problems.Add(new SharedRefProblem($"deleting {sharedRef.RefName} on {gitRemote} would drop its whole history, which is append-only", []));
                }
                continue;
            }
            if (RewriteOf(sharedRef, remote, fields[1], gitRemote) is { } problem)
            {
                problems.Add(problem);
            }
        }
        return problems;
    }

    /// <summary>Fetches and integrates the refs the remote moved on; returns those to push again.</summary>
    private List<ISharedRef> TakeInRemoteChanges(string gitRemote, List<ISharedRef> behind, List<SharedRefIntegration> integrations, List<SharedRefProblem> problems)
    {
        IReadOnlyList<SharedRefIntegration> fetched;
        try
        {
            fetched = new SharedRefs(repo, behind, policy).Fetch(gitRemote);
        }
        catch (GitException e)
        {
            problems.Add(new SharedRefProblem($"could not push {string.Join(", ", behind.Select(r => r.RefName))} to {gitRemote}: it has changes this clone lacks, and fetching them failed: {e.Message.Trim()}", []));
            return [];
        }
        integrations.AddRange(fetched);
        return behind.Where(r => !fetched.Any(i => i.RefName == r.RefName && i.Stopped)).ToList();
    }

    /// <summary>Why <paramref name="tip"/> must not replace <paramref name="remote"/> on the remote, or null.</summary>
    private SharedRefProblem? RewriteOf(ISharedRef sharedRef, string? remote, string tip, string gitRemote)
    {
        if (sharedRef.RepairsRewrites || remote is null || remote == tip)
        {
            return null;
        }
        var rewrites = sharedRef.Rewrites(repo, remote, remote, tip);
        return rewrites.Count == 0 ? null : new SharedRefProblem(
            $"{sharedRef.RefName} was not pushed to {gitRemote}: the local {sharedRef.Label} rewrites what {gitRemote} has ({remote[..12]}), and its history is append-only. Put back what changed (git log -p {remote[..12]}..{sharedRef.RefName} shows it), then push again",
            rewrites);
    }

    private static bool IsZero(string oid) => oid.All(c => c == '0');

    /// <summary>Fetches the shared refs the remote has and integrates each into the local one (<see cref="SharedRefIntegrator"/>).</summary>
    /// <exception cref="GitException">The remote could not be read or fetched from.</exception>
    public IReadOnlyList<SharedRefIntegration> Fetch(string gitRemote)
    {
        var advertised = GitRemote.List(repo.Git, gitRemote, refs.Select(r => r.RefName));
        var wanted = refs.Where(r => advertised.ContainsKey(r.RefName)).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        string remoteName = SafeName(gitRemote);
        GitRemote.Fetch(repo.Git, gitRemote, wanted.Select(r => $"+{r.RefName}:{TrackingRef(remoteName, r)}"));
        return wanted.Select(r => SharedRefIntegrator.Integrate(repo, r, gitRemote, TrackingRef(remoteName, r))).ToList();
    }

    /// <summary>Where a remote's copy of a shared ref is kept: refs/ml/remotes/REMOTE/ and the ref's name after refs/.</summary>
    public static string TrackingRef(string remoteName, ISharedRef sharedRef) =>
        $"refs/ml/remotes/{remoteName}/{sharedRef.RefName["refs/".Length..]}";

    /// <summary>A remote given as a URL becomes a ref-safe name.</summary>
    private static string SafeName(string gitRemote) =>
        gitRemote.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? gitRemote : "url-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(gitRemote)))[..12];
}
