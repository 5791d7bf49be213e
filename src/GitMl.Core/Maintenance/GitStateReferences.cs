using GitMl.Core.Objects;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Maintenance;

/// <summary>
/// What Git itself keeps, kept by gc whatever the scope, so `git ml gc` never deletes the data of anything
/// `git checkout`, `git stash apply`, `git rebase --continue` or `git merge --abort` may still need:
/// <list type="bullet">
/// <item>the files of the tip of every ref (branches, tags, remote-tracking branches, refs/stash, replace refs,
/// filter-branch backups, any namespace), and of each worktree's own refs (bisect marks, rebase -r labels);</item>
/// <item>each worktree's HEAD and index, every stage of a conflict included (linked worktrees too, even one whose
/// folder is gone, until `git worktree prune`);</item>
/// <item>every stash entry (`git stash list`), however old, with its staged and untracked parts;</item>
/// <item>the commit of every reflog entry newer than git's gc.reflogExpire (default 90 days), and the commit it replaced:
/// branches, HEAD of every worktree, remote-tracking branches. Git expires entries no longer reachable from their ref
/// sooner (gc.reflogExpireUnreachable, 30 days); git-ml applies gc.reflogExpire to all, keeping more, never less;</item>
/// <item>MERGE_HEAD (every head of an octopus), ORIG_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, REBASE_HEAD, AUTO_MERGE and
/// BISECT_HEAD of every worktree, and a rebase, cherry-pick or revert in progress: its onto, original head, stopped
/// commit, the commits still to apply and its autostash.</item>
/// </list>
/// refs/notes/ and refs/ml/ hold git-ml's runs and registry, not trees of data: <see cref="Runs.RunReferences"/> and
/// <see cref="Registry.RegistryKeepReferences"/> decide what those keep (a pruned model version must be collectable).
/// Everything is listed through a constant number of git calls (one per worktree that has refs of its own).
/// </summary>
public sealed class GitStateReferences : IKeepReferences
{
    /// <summary>Git's default for gc.reflogExpire.</summary>
    public const string DefaultReflogExpire = "90.days.ago";

    private const string ReflogExpireKey = "gc.reflogExpire";
    private const string StashRef = "refs/stash";

    public string Description => "every ref, each worktree's HEAD and index, every stash entry, reflog entries within gc.reflogExpire, a merge or rebase in progress";

    public IEnumerable<ObjectId> Referenced(MlRepository repo)
    {
        var objects = GitObjectListing.SmallObjectsInTrees(repo.Git, Revisions(repo), indexes: true, Pointer.SizeLimit);
        return TrackedFile.ReadPointersOfSmallObjects(repo.Git, objects.Keys).Values.Select(p => p.Oid);
    }

    /// <summary>The names of every commit (or tree) whose files Git keeps; some may name nothing (git skips those).</summary>
    public static List<string> Revisions(MlRepository repo)
    {
        var git = repo.Git;
        var worktrees = GitWorktrees.List(repo.Layout);
        var refs = GitRefs.List(git);
        foreach (var worktree in worktrees.Where(GitWorktrees.MayHavePerWorktreeRefs))
        {
            refs.AddRange(GitRefs.List(git, GitWorktrees.PerWorktreeNamespaces, worktree.GitDirectory));
        }
        var dataRefs = refs.Where(r => !IsGitMlMetadata(r.Name)).ToList();

        var names = new List<string>(dataRefs.Select(r => r.Oid));
        foreach (var worktree in worktrees)
        {
            names.Add(worktree.RefName("HEAD"));
            names.AddRange(GitWorktrees.PseudoRefs.Select(worktree.RefName));
            names.AddRange(GitWorktrees.InProgress(worktree));
        }

        var reflogCutoff = GitExpiryDate.Read(git, ReflogExpireKey, DefaultReflogExpire);
        var reflogs = dataRefs.Select(r => r.Name).Concat(worktrees.Select(w => w.RefName("HEAD")));
        foreach (var log in GitReflogs.Read(git, reflogs).GroupBy(e => e.Ref, StringComparer.Ordinal))
        {
            // Newest first. Like git, a recent entry also keeps the commit it replaced: the next, older one's.
            bool newerIsRecent = false;
            foreach (var entry in log)
            {
                bool recent = DateTime.UnixEpoch.AddSeconds(entry.Time) >= reflogCutoff;
                if (log.Key == StashRef)
                {
                    // A stash entry is a commit of the working tree whose parents are HEAD then, the index and the untracked files.
                    names.Add(entry.Oid);
                    names.AddRange(entry.Parents);
                }
                else if (recent || newerIsRecent)
                {
                    names.Add(entry.Oid);
                }
                newerIsRecent = recent;
            }
        }
        return names;
    }

    private static bool IsGitMlMetadata(string refName) =>
        refName.StartsWith("refs/notes/", StringComparison.Ordinal) || refName.StartsWith("refs/ml/", StringComparison.Ordinal);
}
