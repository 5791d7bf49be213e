namespace GitMl.Core.Runs.Search;

/// <summary>
/// <c>field OP number</c> for = != &gt; &gt;= &lt; &lt;=: metrics, numeric attributes, and params or tags whose text
/// reads as a number. A missing value, or text that is not a number, matches nothing (not even !=).
/// </summary>
internal sealed class NumberCondition(RunField field, SearchOperator op, double value) : IRunCondition
{
    public bool Matches(ISearchableRun run) =>
        field.ReadNumber(run) is { } actual && Holds(op, actual, value);

    public static bool Holds(SearchOperator op, double left, double right) => op switch
    {
        SearchOperator.Equal => left == right,
        SearchOperator.NotEqual => left != right,
        SearchOperator.Greater => left > right,
        SearchOperator.GreaterOrEqual => left >= right,
        SearchOperator.Less => left < right,
        SearchOperator.LessOrEqual => left <= right,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a numeric comparison"),
    };
}
