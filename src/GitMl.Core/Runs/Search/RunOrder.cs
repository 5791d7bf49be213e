namespace GitMl.Core.Runs.Search;

/// <summary>
/// The order of search results: comma-separated clauses of an identifier (as in filters) and ASC (the default) or
/// DESC, e.g. <c>metrics.test_f1 desc, start_time</c>, each field at most once. NaN sorts after every number and runs
/// missing a value after the runs that have it, whatever the direction (<see cref="SortValues"/>). Ties are broken by start_time (newest first) and then run_id, so that every order is
/// total and the same runs always list the same way. With no clauses: start_time DESC, run_id ASC (newest first).
/// </summary>
public sealed class RunOrder
{
    private static readonly RunOrderKey[] TieBreakers =
    [
        new(new RunField(RunEntity.Attribute, RunAttributes.StartTime), Descending: true),
        new(new RunField(RunEntity.Attribute, RunAttributes.RunId), Descending: false),
    ];

    // The user's keys followed by the tie-breakers: what sorting actually compares.
    private readonly RunOrderKey[] _sortKeys;

    private RunOrder(string text, RunOrderKey[] keys)
    {
        Text = text;
        Keys = keys;
        _sortKeys = [.. keys, .. TieBreakers];
    }

    /// <summary>Newest first: start_time DESC, then run_id.</summary>
    public static RunOrder Default { get; } = new("", []);

    public string Text { get; }

    /// <summary>The clauses as given (without the tie-breakers).</summary>
    public IReadOnlyList<RunOrderKey> Keys { get; }

    /// <summary>Parses an order; null, empty or whitespace gives <see cref="Default"/>.</summary>
    /// <exception cref="RunSearchSyntaxException">A clause does not parse.</exception>
    public static RunOrder Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }
        var scanner = new SearchScanner(text);
        var keys = new List<RunOrderKey>();
        string context = "";
        while (true)
        {
            scanner.SkipWhitespace();
            int start = scanner.Position;
            RunField field = FieldParser.Parse(scanner, context);
            if (keys.Any(k => k.Field == field))
            {
                throw scanner.Error($"{field} is in the order twice", start, "name each field once (as MLflow requires): metrics.test_f1 DESC, start_time");
            }
            bool descending = scanner.TryReadKeyword("DESC");
            if (!descending)
            {
                scanner.TryReadKeyword("ASC");
            }
            keys.Add(new RunOrderKey(field, descending));
            string clause = text[start..scanner.Position];
            if (scanner.AtEnd)
            {
                return new RunOrder(text, [.. keys]);
            }
            if (!scanner.TryReadSymbol(","))
            {
                throw scanner.Error($"expected ASC, DESC, ',' or the end of the order after '{clause}'", scanner.Position,
                    "for example: metrics.test_f1 DESC, start_time");
            }
            context = " after ','";
        }
    }

    /// <summary>
    /// The runs in this order, at most <paramref name="limit"/> of them. Each run's values are read once (not once
    /// per comparison), then indices are sorted.
    /// </summary>
    public T[] Sort<T>(IReadOnlyList<T> runs, int? limit = null) where T : ISearchableRun
    {
        ArgumentNullException.ThrowIfNull(runs);
        int count = runs.Count;
        int width = _sortKeys.Length;
        var values = new SearchValue?[count * width];
        for (int r = 0; r < count; r++)
        {
            for (int k = 0; k < width; k++)
            {
                values[(r * width) + k] = _sortKeys[k].Field.ReadSortValue(runs[r]);
            }
        }
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (x, y) => CompareRows(values, width, x, y));
        var sorted = new T[Math.Min(count, limit ?? count)];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = runs[order[i]];
        }
        return sorted;
    }

    /// <summary>Compares two runs by this order (for callers that sort themselves).</summary>
    public int Compare(ISearchableRun left, ISearchableRun right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        foreach (RunOrderKey key in _sortKeys)
        {
            int order = SortValues.Compare(key.Field.ReadSortValue(left), key.Field.ReadSortValue(right), key.Descending);
            if (order != 0)
            {
                return order;
            }
        }
        return 0;
    }

    public override string ToString() => Keys.Count == 0 ? "start_time DESC, run_id ASC" : string.Join(", ", Keys);

    private int CompareRows(SearchValue?[] values, int width, int x, int y)
    {
        for (int k = 0; k < width; k++)
        {
            int order = SortValues.Compare(values[(x * width) + k], values[(y * width) + k], _sortKeys[k].Descending);
            if (order != 0)
            {
                return order;
            }
        }
        return x.CompareTo(y); // equal run ids (a caller's duplicates): keep the input order
    }
}
