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
        string scratch = $"{RunNotes.ScratchPrefix}repair-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            GitRefs.Set(repo.Git, scratch, fetched);
            foreach (var (commit, note) in RunNotesHistory.Repairs(notes[0], notes[1], notes[2]).OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                if (note.Length == 0)
                {
                    GitNotes.Remove(repo.Git, scratch, commit);
                }
                else
                {
                    GitNotes.Set(repo.Git, scratch, commit, Encoding.UTF8.GetBytes(note));
                }
            }
            return GitRefs.Resolve(repo.Git, scratch) ?? throw new GitException("git notes left no repaired notes commit", 1, "");
        }
        finally
        {
            GitRefs.TryDelete(repo.Git, scratch);
        }
    }

    public SharedRefMerge Merge(MlRepository repo, string remoteName, string local, string fetched, string? mergeBase)
    {
        string id = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string ours = $"{RunNotes.ScratchPrefix}merge-{id}";
        string theirs = $"{RunNotes.ScratchPrefix}theirs-{id}";
        try
        {
            GitRefs.Set(repo.Git, ours, local);
            GitRefs.Set(repo.Git, theirs, fetched);
            GitNotes.Merge(repo.Git, ours, theirs, "cat_sort_uniq", $"git-ml: merge runs from {remoteName}");
            return SharedRefMerge.Made(GitRefs.Resolve(repo.Git, ours) ?? throw new GitException("git notes merge left no result", 1, ""));
        }
        finally
        {
            GitRefs.TryDelete(repo.Git, ours);
            GitRefs.TryDelete(repo.Git, theirs);
        }
    }
}
