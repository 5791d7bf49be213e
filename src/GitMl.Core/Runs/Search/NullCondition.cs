namespace GitMl.Core.Runs.Search;

/// <summary><c>field IS NULL</c> (the run has no such value) or <c>IS NOT NULL</c>; the only clauses a missing value can satisfy.</summary>
internal sealed class NullCondition(RunField field, bool wantsNull) : IRunCondition
{
    public bool Matches(ISearchableRun run) => field.IsPresent(run) != wantsNull;
}
