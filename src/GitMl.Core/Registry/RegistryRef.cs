using GitMl.Core.Sharing;

namespace GitMl.Core.Registry;

/// <summary>
/// The model registry as a shared ref (<see cref="RegistryStore.RefName"/>). What it knows is its content: a fetched
/// or pushed registry that changes a recorded version or drops audit events (<see cref="RegistryHistory"/>) is
/// refused, never repaired, because a registry is one file per model and there is no telling which side is right; two
/// registries that both moved on merge model by model (<see cref="RegistryMerger"/>) into a merge commit whose
/// parents are both registry commits, so the audit trail keeps both histories. A conflict (the same stage, alias or
/// version number changed differently on both sides) says what to do; <see cref="MergePreference"/> settles it.
/// Moving the ref (create, fast-forward, compare-and-swap) is <see cref="SharedRefIntegrator"/>'s.
/// </summary>
public sealed class RegistryRef(MergePreference preference = MergePreference.None) : ISharedRef
{
    public string RefName => RegistryStore.RefName;

    public string Label => "registry";

    /// <summary>The versions whose bytes this clone has (<see cref="RegistryObjects"/>, fetched copies included): a registered model need not be committed anywhere.</summary>
    public IEnumerable<Transfer.PointerUse> Uploads(MlRepository repo) => RegistryObjects.Referenced(repo).Where(u => repo.Store.Contains(u.Oid));

    /// <summary>Integrates a fetched registry commit (`git ml fetch`, `git ml model merge`).</summary>
    public SharedRefIntegration Integrate(MlRepository repo, string remoteName, string fetchedRevision) =>
        SharedRefIntegrator.Integrate(repo, this, remoteName, fetchedRevision);

    public IReadOnlyList<string> Rewrites(MlRepository repo, string? recorded, string? common, string candidate)
    {
        var store = new RegistryStore(repo);
        var models = store.ReadCommit(candidate).Models; // Refuses a commit that is not a registry at all.
        // What both histories share is what the other side saw and must keep. What only this clone recorded since,
        // the other side never had: a version number registered on both sides differently is a merge conflict.
        return common is null ? [] : RegistryHistory.Rewrites(store.ReadCommit(common).Models, models).Select(r => r.ToString()).ToList();
    }

    public bool RepairsRewrites => false;

    public string Repair(MlRepository repo, string recorded, string? common, string fetched) =>
        throw new NotSupportedException("the registry refuses a rewrite instead of repairing it");

    public SharedRefMerge Merge(MlRepository repo, string remoteName, string local, string fetched, string? mergeBase)
    {
        var store = new RegistryStore(repo);
        var result = RegistryMerger.Merge(store.ReadCommit(mergeBase).Models, store.ReadCommit(local).Models, store.ReadCommit(fetched).Models, remoteName, preference);
        if (!result.Succeeded)
        {
            return SharedRefMerge.Conflicted([
                .. result.Conflicts,
                $"to settle every conflict with one side: git ml model merge {fetched[..10]} --prefer ours (keep yours) or --prefer theirs (take {remoteName}'s); or change the registry on one side so both agree",
            ]);
        }
        string settled = preference == MergePreference.None ? "" : $" (conflicts settled: prefer {preference.ToString().ToLowerInvariant()})";
        return SharedRefMerge.Made(store.WriteCommit(result.Models.Values, [local, fetched], $"merge registry from {remoteName}{settled}"));
    }
}
