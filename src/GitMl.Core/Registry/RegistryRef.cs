using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Registry;

/// <summary>
/// The model registry as a shared ref: push sends <see cref="RegistryStore.RefName"/> as it is; fetch hands the
/// remote's commit to <see cref="Integrate(MlRepository, string, string)"/>, which fast-forwards when one side has
/// everything, and otherwise merges model by model (<see cref="RegistryMerger"/>) into a merge commit whose parents
/// are both registry commits, so the audit trail keeps both histories. A conflict (the same stage, alias or version
/// number changed differently on both sides) leaves the local ref exactly as it was and says what to do. The local
/// ref moves only by compare-and-swap; a concurrent local change makes it start over.
/// </summary>
public sealed class RegistryRef : ISharedRef
{
    private const int Attempts = 10;

    public string RefName => RegistryStore.RefName;

    public SharedRefIntegration Integrate(MlRepository repo, string remoteName, string fetchedCommit) =>
        Integrate(repo, remoteName, fetchedCommit, MergePreference.None);

    /// <summary>As <see cref="Integrate(MlRepository, string, string)"/>, settling conflicts with <paramref name="preference"/>.</summary>
    public SharedRefIntegration Integrate(MlRepository repo, string remoteName, string fetchedCommit, MergePreference preference)
    {
        var git = repo.Git;
        var store = new RegistryStore(repo);
        string fetched = git.Check(["rev-parse", "--verify", "--end-of-options", fetchedCommit + "^{commit}"]).StdoutText.Trim();
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            string? local = GitRefs.Resolve(git, RefName);
            if (local is null)
            {
                store.ReadCommit(fetched); // Refuse a fetched commit that is not a readable registry.
                if (GitRefs.TryUpdate(git, RefName, fetched, null, $"git-ml registry: from {remoteName}"))
                {
                    return Outcome(SharedRefOutcome.Created, [], $"registry created from {remoteName}");
                }
                continue;
            }
            if (local == fetched || IsAncestor(git, fetched, local))
            {
                return Outcome(SharedRefOutcome.UpToDate, [], "registry up to date");
            }
            if (IsAncestor(git, local, fetched))
            {
                store.ReadCommit(fetched);
                if (GitRefs.TryUpdate(git, RefName, fetched, local, $"git-ml registry: fast-forward from {remoteName}"))
                {
                    return Outcome(SharedRefOutcome.FastForward, [], $"registry fast-forwarded to {remoteName}'s");
                }
                continue;
            }
            var mergeBase = git.Run(["merge-base", local, fetched]) is { Succeeded: true } r ? r.StdoutText.Trim() : null;
            var result = RegistryMerger.Merge(store.ReadCommit(mergeBase).Models, store.ReadCommit(local).Models, store.ReadCommit(fetched).Models, remoteName, preference);
            if (!result.Succeeded)
            {
                string shortFetched = fetched[..10];
                var conflicts = result.Conflicts
                    .Append($"the local registry was left unchanged; to settle every conflict with one side: git ml model merge {shortFetched} --prefer ours (keep yours) or --prefer theirs (take {remoteName}'s); or change the registry on one side so both agree")
                    .ToList();
                return Outcome(SharedRefOutcome.Conflicted, conflicts, $"registry conflicts with {remoteName}: {result.Conflicts.Count}");
            }
            string merge = store.WriteCommit(result.Models.Values, [local, fetched], $"merge registry from {remoteName}{(preference == MergePreference.None ? "" : $" (conflicts settled: prefer {preference.ToString().ToLowerInvariant()})")}");
            if (GitRefs.TryUpdate(git, RefName, merge, local, $"git-ml registry: merge from {remoteName}"))
            {
                return Outcome(SharedRefOutcome.Merged, [], $"registry merged with {remoteName}'s");
            }
        }
        throw new RegistryException($"the registry ({RefName}) kept changing while merging {remoteName}'s; nothing was changed: try again");
    }

    private SharedRefIntegration Outcome(SharedRefOutcome outcome, IReadOnlyList<string> conflicts, string summary) => new(RefName, outcome, conflicts, summary);

    private static bool IsAncestor(GitCli git, string ancestor, string descendant) =>
        git.Run(["merge-base", "--is-ancestor", ancestor, descendant]).Succeeded;
}
