namespace GitMl.Core.Runs.Search;

/// <summary>
/// A parsed filter: clauses joined by AND, all of which a run must satisfy (grammar: docs/search.md). Parse once,
/// then <see cref="Matches"/> any number of runs; matching never throws and never allocates for metric clauses.
/// An empty or whitespace filter matches every run.
/// </summary>
public sealed class RunFilter
{
    private readonly IRunCondition[] _conditions;

    private RunFilter(string text, IRunCondition[] conditions)
    {
        Text = text;
        _conditions = conditions;
    }

    /// <summary>The filter that matches every run.</summary>
    public static RunFilter All { get; } = new("", []);

    /// <summary>The text the filter was parsed from.</summary>
    public string Text { get; }

    /// <summary>The number of AND-ed clauses (0 for <see cref="All"/>).</summary>
    public int ClauseCount => _conditions.Length;

    /// <summary>Parses a filter; null, empty or whitespace gives <see cref="All"/>.</summary>
    /// <exception cref="RunSearchSyntaxException">The filter does not parse, or compares something that cannot work.</exception>
    public static RunFilter Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : new RunFilter(text, RunFilterParser.Parse(text));

    public bool Matches(ISearchableRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        foreach (IRunCondition condition in _conditions)
        {
            if (!condition.Matches(run))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => Text;
}
