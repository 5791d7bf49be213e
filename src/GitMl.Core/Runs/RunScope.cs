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
            var listed = repo.Git.Run(["rev-list", "--end-of-options", revision]);
            if (!listed.Succeeded)
            {
                throw new ArgumentException(Revision is null
                    ? "this repository has no commit yet, so no run can be attached to one"
                    : $"'{Revision}' is not a branch or revision here: {listed.Stderr.Trim()}");
            }
            var commits = new HashSet<string>(listed.Lines(), StringComparer.Ordinal);
            runs = runs.Where(r => commits.Contains(r.AttachedTo));
        }
        return runs.ToList();
    }
}
