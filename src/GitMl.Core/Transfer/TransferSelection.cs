using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Transfer;

/// <summary>Which objects push and fetch move, from what the user asked for.</summary>
public static class TransferSelection
{
    /// <summary>
    /// Objects the commits being pushed refer to: with <paramref name="all"/>, those of every branch and tag, all
    /// history; with revisions, those of their history; by default the current commit's files plus those of the
    /// current branch's commits that no remote-tracking branch has yet. Remote-tracking branches say what the Git
    /// remote has, not what a data remote has: a second data remote, or one that became the default after the commits
    /// were pushed, still needs the current commit's files, and the transfer's existence check skips what it has. What
    /// the shared refs add (run files, registry versions) is <see cref="UploadPlan"/>'s decision.
    /// </summary>
    public static List<PointerUse> ForPush(MlRepository repo, bool all, IReadOnlyList<string> revisions)
    {
        if (all)
        {
            return ReferencedPointers.InHistory(repo.Git, ["--all"], repo.PointerCache);
        }
        if (revisions.Count > 0)
        {
            return ReferencedPointers.InHistory(repo.Git, revisions, repo.PointerCache);
        }
        if (!GitRefs.HasHead(repo.Git))
        {
            return [];
        }
        var current = ReferencedPointers.InTrees(repo.Git, ["HEAD"], repo.PointerCache);
        var seen = current.Select(u => u.Oid).ToHashSet();
        return [.. current, .. ReferencedPointers.InHistory(repo.Git, ["HEAD", "--not", "--remotes"], repo.PointerCache).Where(u => seen.Add(u.Oid))];
    }

    /// <summary>
    /// Objects to fetch: by default those the current commit's files need; with revisions, those their files
    /// need; with <paramref name="all"/>, every object in the history of every branch and tag. Then only paths
    /// matching an include pattern (when there are any) and no exclude pattern.
    /// </summary>
    public static List<PointerUse> ForFetch(MlRepository repo, bool all, IReadOnlyList<string> revisions, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var found = all ? ReferencedPointers.InHistory(repo.Git, ["--all"], repo.PointerCache)
            : revisions.Count > 0 ? ReferencedPointers.InTrees(repo.Git, revisions, repo.PointerCache)
            : GitRefs.HasHead(repo.Git) ? ReferencedPointers.InTrees(repo.Git, ["HEAD"], repo.PointerCache)
            : [];
        var includes = new GlobList(include);
        var excludes = new GlobList(exclude);
        return found
            .Where(u => (includes.IsEmpty || includes.IsMatch(u.Path)) && !excludes.IsMatch(u.Path))
            .ToList();
    }
}
