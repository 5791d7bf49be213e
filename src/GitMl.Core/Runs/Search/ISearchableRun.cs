namespace GitMl.Core.Runs.Search;

/// <summary>
/// A run as the search language sees it. The run record implements it; the search engine reads nothing else, so
/// it stays a pure function of these values (no I/O, no git).
/// </summary>
public interface ISearchableRun
{
    /// <summary>The run's id: 32 lowercase hex characters.</summary>
    string RunId { get; }

    /// <summary>The metric's latest value; null when the run has no such metric.</summary>
    double? Metric(string name);

    /// <summary>The param's value. Params are strings (as in MLflow); keys may contain dots: "train.learning_rate".</summary>
    string? Param(string name);

    /// <summary>The tag's value; null when the run has no such tag.</summary>
    string? Tag(string name);

    /// <summary>One of <see cref="RunAttributes.Names"/> (always the canonical name); null when unset.</summary>
    SearchValue? Attribute(string name);
}
