using GitMl.Core.Sharing;

namespace GitMl.Core.Transfer;

/// <summary>
/// What a push uploads to the data remote, decided here for `git push` (the pre-push hook) and `git ml push` alike:
/// the objects the pushed commits refer to, plus, for each shared ref that goes to the Git remote with the push
/// (run notes, the registry), the objects it names that the local store has (<see cref="ISharedRef.Uploads"/>), so a
/// clone that fetches the ref can download what it names. A shared ref goes when it changed since it was last shared
/// with that Git remote (<see cref="SharedRefs.Pending"/>); when everything is asked for (`git ml push --all`), every
/// shared ref's objects go, changed or not (e.g. to fill a second data remote).
/// </summary>
/// <param name="FromCommits">The objects the pushed commits refer to.</param>
/// <param name="SharedRefs">The shared refs whose objects go with this push.</param>
/// <param name="ForSharedRefs">Their objects that the commits do not already bring.</param>
public sealed record UploadPlan(List<PointerUse> FromCommits, IReadOnlyList<ISharedRef> SharedRefs, List<PointerUse> ForSharedRefs)
{
    /// <summary>Everything to upload: the commits' objects, then what the shared refs add.</summary>
    public List<PointerUse> All => [.. FromCommits, .. ForSharedRefs];

    /// <param name="fromCommits">The objects the pushed commits refer to (<see cref="TransferSelection.ForPush"/>, or the hook's ref updates).</param>
    /// <param name="gitRemote">The Git remote the shared refs go to; null: none goes (there is no Git remote).</param>
    /// <param name="everySharedRef">Every shared ref's objects, whether it changed since it was last shared or not.</param>
    public static UploadPlan For(MlRepository repo, List<PointerUse> fromCommits, string? gitRemote, bool everySharedRef = false)
    {
        IReadOnlyList<ISharedRef> travelling = everySharedRef ? Sharing.SharedRefs.Known
            : gitRemote is null ? []
            : Sharing.SharedRefs.For(repo).Pending(gitRemote);
        var seen = fromCommits.Select(u => u.Oid).ToHashSet();
        var forSharedRefs = travelling.SelectMany(r => r.Uploads(repo)).Where(u => seen.Add(u.Oid)).ToList();
        return new UploadPlan(fromCommits, travelling, forSharedRefs);
    }
}
