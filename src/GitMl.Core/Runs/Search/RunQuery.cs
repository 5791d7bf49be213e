namespace GitMl.Core.Runs.Search;

/// <summary>
/// A whole search, what <c>git ml runs search --filter F --order-by O --max-results N</c> asks: parsed once by
/// <see cref="Parse"/>, then <see cref="Apply{T}"/> filters, sorts and limits any set of runs. Pure: no I/O.
/// </summary>
public sealed class RunQuery
{
    private RunQuery(RunFilter filter, RunOrder order, int? limit)
    {
        Filter = filter;
        Order = order;
        Limit = limit;
    }

    /// <summary>Every run, newest first.</summary>
    public static RunQuery All { get; } = new(RunFilter.All, RunOrder.Default, null);

    public RunFilter Filter { get; }

    public RunOrder Order { get; }

    /// <summary>The most runs <see cref="Apply{T}"/> returns; null for all.</summary>
    public int? Limit { get; }

    /// <summary>Parses a search. A null or blank filter matches every run; a null or blank order is <see cref="RunOrder.Default"/>.</summary>
    /// <exception cref="RunSearchSyntaxException">The filter or the order does not parse (its <see cref="RunSearchSyntaxException.Input"/> says which).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public static RunQuery Parse(string? filter, string? orderBy, int? limit)
    {
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "the maximum number of results must be at least 1");
        }
        return new RunQuery(RunFilter.Parse(filter), RunOrder.Parse(orderBy), limit);
    }

    /// <summary>The runs that match the filter, in order, at most <see cref="Limit"/> of them.</summary>
    public IReadOnlyList<T> Apply<T>(IEnumerable<T> runs) where T : ISearchableRun
    {
        ArgumentNullException.ThrowIfNull(runs);
        var matching = new List<T>();
        foreach (T run in runs)
        {
            if (Filter.Matches(run))
            {
                matching.Add(run);
            }
        }
        return Order.Sort(matching, Limit);
    }
}
