namespace GitMl.Core.Runs.Search;

/// <summary>
/// <c>field IN ('a', 'b')</c> and NOT IN, on text fields. For run_id and commit each value may be a hex prefix
/// (at least 4 characters). A missing value matches neither IN nor NOT IN.
/// </summary>
internal sealed class InListCondition(RunField field, string[] values, bool byPrefix, bool negated) : IRunCondition
{
    public bool Matches(ISearchableRun run)
    {
        if (field.ReadText(run) is not { } actual)
        {
            return false;
        }
        foreach (string value in values)
        {
            bool match = byPrefix
                ? actual.StartsWith(value, StringComparison.OrdinalIgnoreCase)
                : string.Equals(actual, value, StringComparison.Ordinal);
            if (match)
            {
                return !negated;
            }
        }
        return negated;
    }
}
