using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Runs;

/// <summary>
/// The run notes as a shared ref: a fetched notes ref joins the local one by fast-forward when one side has nothing
/// new, and otherwise by `git notes merge -s cat_sort_uniq`, which keeps every line of both sides (runs are
/// immutable lines, amendments are added lines), so two clones recording runs on the same commit end with the union
/// and nothing can conflict. The merged ref is written with compare-and-swap like every run write.
/// </summary>
public sealed class RunNotesRef : ISharedRef
{
    public string RefName => RunNotes.RefName;

    public SharedRefIntegration Integrate(MlRepository repo, string remoteName, string fetchedCommit)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            string? local = GitRefs.Resolve(repo.Git, RefName);
            if (local is null)
            {
                if (GitRefs.TryUpdate(repo.Git, RefName, fetchedCommit, null, $"git-ml: runs from {remoteName}"))
                {
                    return Result(SharedRefOutcome.Created, $"runs: took {remoteName}'s runs");
                }
                continue;
            }
            if (local == fetchedCommit || IsAncestor(repo, fetchedCommit, local))
            {
                return Result(SharedRefOutcome.UpToDate, "runs: up to date");
            }
            if (IsAncestor(repo, local, fetchedCommit))
            {
                if (GitRefs.TryUpdate(repo.Git, RefName, fetchedCommit, local, $"git-ml: runs from {remoteName}"))
                {
                    return Result(SharedRefOutcome.FastForward, $"runs: added {remoteName}'s new runs");
                }
                continue;
            }
            string merged = Merge(repo, local, fetchedCommit, remoteName);
            if (GitRefs.TryUpdate(repo.Git, RefName, merged, local, $"git-ml: merge runs from {remoteName}"))
            {
                return Result(SharedRefOutcome.Merged, $"runs: merged {remoteName}'s runs with the local ones");
            }
        }
        throw new GitException($"could not update {RefName}: other writers kept changing it; run the fetch again", 1, "");
    }

    private static string Merge(MlRepository repo, string local, string fetched, string remoteName)
    {
        string id = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string ours = $"refs/notes/ml-scratch/merge-{id}";
        string theirs = $"refs/notes/ml-scratch/theirs-{id}";
        try
        {
            repo.Git.Check(["update-ref", ours, local]);
            repo.Git.Check(["update-ref", theirs, fetched]);
            repo.Git.Check(["notes", "--ref", ours, "merge", "--quiet", "-s", "cat_sort_uniq", theirs],
                environment: new Dictionary<string, string?> { ["GIT_REFLOG_ACTION"] = $"git-ml: merge runs from {remoteName}" });
            return GitRefs.Resolve(repo.Git, ours) ?? throw new GitException("git notes merge left no result", 1, "");
        }
        finally
        {
            repo.Git.Run(["update-ref", "-d", ours]);
            repo.Git.Run(["update-ref", "-d", theirs]);
        }
    }

    private static bool IsAncestor(MlRepository repo, string ancestor, string descendant) =>
        repo.Git.Run(["merge-base", "--is-ancestor", ancestor, descendant]).Succeeded;

    private SharedRefIntegration Result(SharedRefOutcome outcome, string summary) => new(RefName, outcome, [], summary);
}
