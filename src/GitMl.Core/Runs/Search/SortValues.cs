namespace GitMl.Core.Runs.Search;

/// <summary>
/// How two values of one order key compare: numbers before text, numbers by value, text by ordinal. A missing
/// value sorts last whatever the direction (as MLflow), so "best first" lists never start with runs that lack the
/// metric.
/// </summary>
internal static class SortValues
{
    public static int Compare(SearchValue? left, SearchValue? right, bool descending)
    {
        if (left is not { } a)
        {
            return right is null ? 0 : 1;
        }
        if (right is not { } b)
        {
            return -1;
        }
        int order = CompareValues(a, b);
        return descending ? -order : order;
    }

    private static int CompareValues(SearchValue a, SearchValue b)
    {
        if (a.IsNumber != b.IsNumber)
        {
            return a.IsNumber ? -1 : 1;
        }
        return a.IsNumber ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Text, b.Text);
    }
}
