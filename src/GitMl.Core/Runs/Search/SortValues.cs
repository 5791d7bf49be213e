namespace GitMl.Core.Runs.Search;

/// <summary>
/// How two values of one order key compare: numbers before text, numbers by value, text by ordinal. As in MLflow
/// (its SQL store sorts by "is NaN, is missing" before the value, in both directions), a NaN sorts after every
/// number and a missing value after everything, whatever the direction: "best first" lists never start with a
/// diverged run or with runs that lack the metric.
/// </summary>
internal static class SortValues
{
    public static int Compare(SearchValue? left, SearchValue? right, bool descending)
    {
        int rank = Rank(left).CompareTo(Rank(right));
        if (rank != 0 || left is not { } a || right is not { } b || IsNaN(a))
        {
            return rank;
        }
        int order = CompareValues(a, b);
        return descending ? -order : order;
    }

    /// <summary>0 for a value, 1 for NaN, 2 for missing: the part of the order no direction reverses.</summary>
    private static int Rank(SearchValue? value) => value is not { } v ? 2 : IsNaN(v) ? 1 : 0;

    private static bool IsNaN(SearchValue value) => value.IsNumber && double.IsNaN(value.Number);

    private static int CompareValues(SearchValue a, SearchValue b)
    {
        if (a.IsNumber != b.IsNumber)
        {
            return a.IsNumber ? -1 : 1;
        }
        return a.IsNumber ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Text, b.Text);
    }
}
