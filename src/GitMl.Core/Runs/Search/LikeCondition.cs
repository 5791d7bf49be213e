namespace GitMl.Core.Runs.Search;

/// <summary><c>field LIKE 'pattern'</c>, ILIKE and their NOT forms. A missing value matches none of them.</summary>
internal sealed class LikeCondition(RunField field, LikePattern pattern, bool negated) : IRunCondition
{
    public bool Matches(ISearchableRun run) =>
        field.ReadText(run) is { } actual && pattern.IsMatch(actual) != negated;
}
