using GitMl.Core.Objects;
using GitMl.Core.Tracking;
using GitMl.Core.Transfer;
using GitMl.Git;

namespace GitMl.Core.Maintenance;

/// <summary>The Git-side reasons to keep objects: the working tree and index, and commits chosen by a <see cref="GcScope"/>.</summary>
public static class HistoryReferences
{
    public static IEnumerable<IKeepReferences> For(GcScope scope)
    {
        yield return new Source("the index and HEAD", repo =>
            TrackedFile.FromIndex(repo).Select(f => f.Pointer.Oid)
                .Concat(HasHead(repo.Git) ? ReferencedPointers.InTrees(repo.Git, ["HEAD"]).Select(u => u.Oid) : []));
        if (scope.AllCommits)
        {
            string[] refs = scope.IncludeRemoteBranches ? ["--all"] : ["--branches", "--tags"];
            yield return new Source(scope.IncludeRemoteBranches ? "every commit of every ref" : "every commit of every branch and tag", repo =>
                ReferencedPointers.InHistory(repo.Git, refs).Select(u => u.Oid));
        }
        else
        {
            if (scope.AllBranches)
            {
                yield return new Source("branch tips", repo => Tips(repo, "refs/heads"));
            }
            if (scope.AllTags)
            {
                yield return new Source("tags", repo => Tips(repo, "refs/tags"));
            }
        }
        if (scope.KeepDays is int days)
        {
            yield return new Source($"commits of the last {days} days", repo =>
                ReferencedPointers.InHistory(repo.Git, ["--branches", "--tags", $"--since={days}.days.ago"]).Select(u => u.Oid));
        }
    }

    private static IEnumerable<ObjectId> Tips(MlRepository repo, string namespacePrefix)
    {
        string[] tips = repo.Git.Check(["for-each-ref", "--format=%(objectname)", namespacePrefix]).Lines();
        return tips.Length == 0 ? [] : ReferencedPointers.InTrees(repo.Git, tips.Distinct()).Select(u => u.Oid);
    }

    private static bool HasHead(GitCli git) => git.Run(["rev-parse", "--verify", "-q", "HEAD"]).Succeeded;

    private sealed class Source(string description, Func<MlRepository, IEnumerable<ObjectId>> referenced) : IKeepReferences
    {
        public string Description => description;

        public IEnumerable<ObjectId> Referenced(MlRepository repo) => referenced(repo);
    }
}
