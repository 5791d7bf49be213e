using GitMl.Git;

namespace GitMl.Core.Metrics;

/// <summary>
/// Turns the revisions a user names (any commit-ish git understands, or "workspace") into the files to read.
/// </summary>
public static class Revisions
{
    /// <summary>The files at <paramref name="name"/>: the working tree for "workspace", else the commit it names.</summary>
    /// <exception cref="ArgumentException">Git knows no commit by that name; the message says how to list them.</exception>
    public static RevisionFiles Resolve(MlRepository repo, string name)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == RevisionFiles.WorkspaceLabel)
        {
            return new WorkspaceFiles(repo.WorkTree, repo.Store);
        }
        if (GitRefs.ResolveCommit(repo.Git, name) is not { } commit)
        {
            throw new ArgumentException(name == "HEAD" && !HasCommits(repo)
                ? "there are no commits yet, so there is nothing to compare with: commit once, or name two revisions"
                : $"unknown revision '{name}': name a commit, branch or tag (`git log --oneline` and `git branch -a` list them), or '{RevisionFiles.WorkspaceLabel}' for the working tree");
        }
        return new CommitFiles(repo.Git, name, commit, repo.Store);
    }

    /// <summary>The tip of every local branch, by name, then the working tree (as DVC's --all-branches).</summary>
    public static IReadOnlyList<RevisionFiles> AllBranches(MlRepository repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var branches = GitRefs.BranchNames(repo.Git);
        return [.. branches.Select(b => Resolve(repo, b)), new WorkspaceFiles(repo.WorkTree, repo.Store)];
    }

    private static bool HasCommits(MlRepository repo) => GitHistory.HasAnyCommit(repo.Git);
}
