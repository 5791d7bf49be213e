namespace GitMl.Core.Runs;

/// <summary>Tags and soft-deletes recorded runs by adding an amendment line next to the run in its note (runs themselves are never rewritten).</summary>
public sealed class RunAmender(MlRepository repo)
{
    public void Amend(RunRecord run, IReadOnlyDictionary<string, string?> tags, bool? deleted)
    {
        var amendment = new RunAmendment(run.Id, DateTimeOffset.UtcNow, repo.CurrentUser(), tags, deleted);
        new RunNotes(repo).Append(run.AttachedTo, RunNoteFormat.Write(amendment));
    }
}
