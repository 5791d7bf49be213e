namespace GitMl.Core.Sharing;

/// <summary>
/// A ref of git-ml's own that travels with `git ml push`/`fetch`/`pull` and the pre-push hook: the run notes and the
/// model registry. Push sends the local ref to the same name on the Git remote; fetch brings the remote's version
/// into a tracking ref (refs/ml/remotes/REMOTE/...) and <see cref="SharedRefIntegrator"/> brings it into the local
/// ref. The owner knows only its content: what counts as rewriting recorded history, and how two versions merge.
/// Moving refs, compare-and-swap and retries are the sharing code's.
/// </summary>
public interface ISharedRef
{
    /// <summary>The full local ref name, e.g. refs/notes/ml-runs; the remote keeps it under the same name.</summary>
    string RefName { get; }

    /// <summary>Names the content in messages: "registry", "runs".</summary>
    string Label { get; }

    /// <summary>
    /// What <paramref name="candidate"/> rewrites of history this clone already recorded, one sentence each naming
    /// the object and what changed (empty: it only adds). <paramref name="common"/> is the history both sides share
    /// (the merge base; null when unrelated): whatever it holds must still be in the candidate. <paramref name="recorded"/>
    /// is the local ref (null when there is none): what it fixed once (a version's content, a run's record) must not
    /// read differently in the candidate. A push checks the local ref as the candidate against what the remote had.
    /// Content that is not this ref's format at all is a <see cref="FormatException"/>.
    /// </summary>
    IReadOnlyList<string> Rewrites(MlRepository repo, string? recorded, string? common, string candidate);

    /// <summary>
    /// The objects this ref's content names that the local store has (run files, registry versions): a push uploads
    /// them to the data remote with the ref (<see cref="Transfer.UploadPlan"/>), so a clone that fetches it can get them.
    /// </summary>
    IEnumerable<Transfer.PointerUse> Uploads(MlRepository repo);

    /// <summary>
    /// What happens to fetched content that rewrites recorded history. False (the registry): it is refused and the
    /// local ref left alone; a push of a local ref that rewrites what the remote had is refused too. True (the run
    /// notes, where the rest of the fetched content is good): <see cref="Repair"/> puts the recorded history back,
    /// and the repair, which drops the forged lines the remote has, is pushed like any other change.
    /// </summary>
    bool RepairsRewrites { get; }

    /// <summary>
    /// A child of <paramref name="fetched"/>, which <see cref="Rewrites"/> found rewriting recorded history, that
    /// puts the recorded history back; called only when <see cref="RepairsRewrites"/>.
    /// </summary>
    string Repair(MlRepository repo, string recorded, string? common, string fetched);

    /// <summary>
    /// Merges <paramref name="fetched"/> into <paramref name="local"/> (neither contains the other) into a new commit
    /// with both as parents, or reports the conflicts in words that say what to do. Writes objects, never the ref.
    /// </summary>
    SharedRefMerge Merge(MlRepository repo, string remoteName, string local, string fetched, string? mergeBase);
}
