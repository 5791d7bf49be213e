using GitMl.Git;

namespace GitMl.Core.Runs;

/// <summary>
/// Which runs a listing shows: by default those attached to commits of the current branch's history (HEAD); with a
/// branch (or any revision), that history; with all, every run. Soft-deleted runs only when asked for.
/// </summary>
public sealed record RunScope(string? Revision, bool All, bool IncludeDeleted)
{
    public IReadOnlyList<RunRecord> Select(MlRepository repo, RunCatalog catalog)
    {
        IEnumerable<RunRecord> runs = catalog.Runs.Where(r => IncludeDeleted || !r.Deleted);
        if (!All)
        {
            string revision = Revision ?? "HEAD";
            if (!GitHistory.TryListCommits(repo.Git, revision, out string[] listed, out string problem))
            {
                throw new ArgumentException(Revision is null
                    ? "this repository has no commit yet, so no run can be attached to one"
                    : $"'{Revision}' is not a branch or revision here: {problem}");
            }
            var commits = new HashSet<string>(listed, StringComparer.Ordinal);
            runs = runs.Where(r => commits.Contains(r.AttachedTo));
        }
        return runs.ToList();
    }
}
