using System.Text;
using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Runs;

/// <summary>
/// The run notes as a shared ref (<see cref="RunNotes.RefName"/>). What it knows is its content: runs are immutable
/// lines and amendments are added lines, so two clones' notes merge as the union of their lines
/// (`git notes merge -s cat_sort_uniq`) and nothing can conflict. Fetched notes that drop or change a recorded run
/// line (<see cref="RunNotesHistory"/>) are not refused, since the runs they add are good: they are repaired, the
/// recorded lines put back and the forged ones left out, and the rewrite is reported. Moving the ref (create,
/// fast-forward, compare-and-swap) is <see cref="SharedRefIntegrator"/>'s.
/// </summary>
public sealed class RunNotesRef : ISharedRef
{
    public string RefName => RunNotes.RefName;

    public string Label => "runs";

    public IEnumerable<Transfer.PointerUse> Uploads(MlRepository repo) => RunReferences.ToUpload(repo);

    public IReadOnlyList<string> Rewrites(MlRepository repo, string? recorded, string? common, string candidate)
    {
        if (recorded is null)
        {
            return [];
        }
        var notes = new RunNotes(repo).ReadNotesAt([common, recorded, candidate]);
        return RunNotesHistory.Rewrites(notes[0], notes[1], notes[2]).Select(r => r.ToString()).ToList();
    }

    public bool RepairsRewrites => true;

    public string Repair(MlRepository repo, string recorded, string? common, string fetched)
    {
        var notes = new RunNotes(repo).ReadNotesAt([common, recorded, fetched]);
        string scratch = $"refs/notes/ml-scratch/repair-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            repo.Git.Check(["update-ref", scratch, fetched]);
            foreach (var (commit, note) in RunNotesHistory.Repairs(notes[0], notes[1], notes[2]).OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                repo.Git.Check(note.Length == 0
                    ? ["notes", "--ref", scratch, "remove", "--ignore-missing", commit]
                    : ["notes", "--ref", scratch, "add", "-f", "-F", "-", commit], Encoding.UTF8.GetBytes(note));
            }
            return GitRefs.Resolve(repo.Git, scratch) ?? throw new GitException("git notes left no repaired notes commit", 1, "");
        }
        finally
        {
            repo.Git.Run(["update-ref", "-d", scratch]);
        }
    }

    public SharedRefMerge Merge(MlRepository repo, string remoteName, string local, string fetched, string? mergeBase)
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
            return SharedRefMerge.Made(GitRefs.Resolve(repo.Git, ours) ?? throw new GitException("git notes merge left no result", 1, ""));
        }
        finally
        {
            repo.Git.Run(["update-ref", "-d", ours]);
            repo.Git.Run(["update-ref", "-d", theirs]);
        }
    }
}
