using GitMl.Git;

namespace GitMl.Core.Sharing;

/// <summary>
/// Brings a fetched shared ref (already in the local object database) into the local one, the same way for every
/// <see cref="ISharedRef"/>:
/// <list type="bullet">
/// <item>no local ref: it is created at the fetched commit (after the owner checked it is its format);</item>
/// <item>the fetched commit is already in the local history: up to date;</item>
/// <item>otherwise the fetched content is first compared with what this clone recorded (<see cref="ISharedRef.Rewrites"/>),
/// by content, not by ancestry, because a forged commit can claim any parent. A rewrite is refused, leaving the local
/// ref alone, unless the owner puts the recorded history back instead (<see cref="ISharedRef.RepairsRewrites"/>);</item>
/// <item>then a fast-forward when the local commit is in the fetched history, else the owner's three-way merge
/// (a conflict leaves the local ref alone).</item>
/// </list>
/// The local ref moves only by compare-and-swap (<see cref="ContendedRef"/>): a concurrent local change makes the
/// whole decision run again on the new value.
/// </summary>
public static class SharedRefIntegrator
{
    /// <param name="fetchedRevision">The fetched commit, or any name of it (a tracking ref).</param>
    /// <exception cref="ArgumentException"><paramref name="fetchedRevision"/> names no commit.</exception>
    public static SharedRefIntegration Integrate(MlRepository repo, ISharedRef owner, string remoteName, string fetchedRevision)
    {
        string fetched = GitRefs.Resolve(repo.Git, fetchedRevision + "^{commit}")
            ?? throw new ArgumentException($"'{fetchedRevision}' is not a commit in this repository: fetch it first");
        return ContendedRef.Update(repo.Git, owner.RefName, local => Decide(repo, owner, remoteName, local, fetched), $"take in {remoteName}'s {owner.Label}");
    }

    private static RefStep<SharedRefIntegration> Decide(MlRepository repo, ISharedRef owner, string remoteName, string? local, string fetched)
    {
        var git = repo.Git;
        string label = owner.Label;
        SharedRefIntegration Result(SharedRefOutcome outcome, string summary, IReadOnlyList<string>? conflicts = null, IReadOnlyList<string>? rewrites = null) =>
            new(owner.RefName, outcome, conflicts ?? [], summary, rewrites ?? []);

        if (local is null)
        {
            owner.Rewrites(repo, null, null, fetched); // Only checks that it is this ref's format: there is nothing to rewrite yet.
            return RefStep.Write(fetched, $"git-ml: {label} from {remoteName}", Result(SharedRefOutcome.Created, $"{label}: took {remoteName}'s"));
        }
        if (local == fetched || GitRefs.IsAncestor(git, fetched, local))
        {
            return RefStep.Done(Result(SharedRefOutcome.UpToDate, $"{label}: up to date"));
        }
        bool fastForward = GitRefs.IsAncestor(git, local, fetched);
        string? common = fastForward ? local : GitRefs.MergeBase(git, local, fetched);
        var rewrites = owner.Rewrites(repo, local, common, fetched);
        string candidate = fetched;
        if (rewrites.Count > 0)
        {
            if (!owner.RepairsRewrites)
            {
                return RefStep.Done(Result(SharedRefOutcome.Refused,
                    $"{label}: refused {remoteName}'s ({fetched[..12]}): it rewrites history this clone recorded, which is append-only; the local {label} ({owner.RefName}) was left unchanged. Have it restored on {remoteName} (git log -p {fetched[..12]} shows the change)",
                    rewrites: rewrites));
            }
            candidate = owner.Repair(repo, local, common, fetched);
        }
        string kept = rewrites.Count > 0 ? $"; what it rewrote was kept as recorded here, and the next git ml push restores it on {remoteName}" : "";
        if (fastForward)
        {
            return RefStep.Write(candidate, $"git-ml: {label} fast-forward from {remoteName}",
                Result(SharedRefOutcome.FastForward, $"{label}: fast-forwarded to {remoteName}'s{kept}", rewrites: rewrites));
        }
        var merge = owner.Merge(repo, remoteName, local, candidate, common);
        if (merge.Commit is null)
        {
            return RefStep.Done(Result(SharedRefOutcome.Conflicted,
                $"{label}: {merge.Conflicts.Count} conflict(s) with {remoteName}'s; the local {label} was left unchanged", conflicts: merge.Conflicts, rewrites: rewrites));
        }
        return RefStep.Write(merge.Commit, $"git-ml: merge {label} from {remoteName}",
            Result(SharedRefOutcome.Merged, $"{label}: merged with {remoteName}'s{kept}", rewrites: rewrites));
    }
}
