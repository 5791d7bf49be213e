namespace GitMl.Core.Runs.Search;

/// <summary><c>field = 'text'</c> or <c>!=</c>: exact, case-sensitive (ordinal). A missing value matches neither.</summary>
internal sealed class TextEqualityCondition(RunField field, string value, bool negated) : IRunCondition
{
    public bool Matches(ISearchableRun run) =>
        field.ReadText(run) is { } actual && string.Equals(actual, value, StringComparison.Ordinal) != negated;
}
