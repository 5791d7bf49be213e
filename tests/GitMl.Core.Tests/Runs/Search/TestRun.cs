using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

/// <summary>An in-memory run for search tests; fluent setters keep fixtures short.</summary>
internal sealed class TestRun(string runId) : ISearchableRun
{
    private readonly Dictionary<string, double> _metrics = [];
    private readonly Dictionary<string, string> _params = [];
    private readonly Dictionary<string, string> _tags = [];
    private readonly Dictionary<string, SearchValue> _attributes = [];

    public string RunId { get; } = runId;

    public double? Metric(string name) => _metrics.TryGetValue(name, out double value) ? value : null;

    public string? Param(string name) => _params.GetValueOrDefault(name);

    public string? Tag(string name) => _tags.GetValueOrDefault(name);

    public SearchValue? Attribute(string name)
    {
        if (!RunAttributes.Names.Contains(name))
        {
            throw new ArgumentException($"the search asked for '{name}', which is not a canonical attribute name", nameof(name));
        }
        return _attributes.TryGetValue(name, out SearchValue value) ? value : null;
    }

    public TestRun WithMetric(string name, double value)
    {
        _metrics[name] = value;
        return this;
    }

    public TestRun WithParam(string name, string value)
    {
        _params[name] = value;
        return this;
    }

    public TestRun WithTag(string name, string value)
    {
        _tags[name] = value;
        return this;
    }

    public TestRun With(string attribute, string value)
    {
        _attributes[attribute] = SearchValue.FromText(value);
        return this;
    }

    public TestRun With(string attribute, double value)
    {
        _attributes[attribute] = SearchValue.FromNumber(value);
        return this;
    }

    public override string ToString() => RunId;

    /// <summary>Run ids that sort and read well in tests: "run" + n, padded to 32 hex-looking characters.</summary>
    public static string Id(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A finished run with a value for every attribute and a few metrics, params and tags of every shape.</summary>
    public static TestRun Sample() =>
        new TestRun("0123456789abcdef0123456789abcdef")
            .WithMetric("test_accuracy", 0.96)
            .WithMetric("loss", 0.25)
            .WithMetric("f1 score", 0.8)
            .WithMetric("delta", -1.5)
            .WithMetric("val/loss", 0.3)
            .WithParam("train.learning_rate", "0.01")
            .WithParam("model", "LogisticRegression")
            .WithParam("layers", "10")
            .WithParam("model-type", "cnn")
            .WithParam("note", "it's \"fine\"")
            .WithTag("mlflow.runName", "keras-search")
            .WithTag("team", "Vision")
            .WithTag("pct", "50%")
            .WithTag("under", "a_b")
            .WithTag("path", @"C:\data")
            .With(RunAttributes.RunName, "bright-owl")
            .With(RunAttributes.Status, "FINISHED")
            .With(RunAttributes.StartTime, 1767225600000) // 2026-01-01T00:00:00Z
            .With(RunAttributes.EndTime, 1767229200000)   // an hour later
            .With(RunAttributes.Duration, 3600000)
            .With(RunAttributes.Commit, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
            .With(RunAttributes.Branch, "main")
            .With(RunAttributes.User, "ada")
            .With(RunAttributes.Host, "gpu-1")
            .With(RunAttributes.ExitCode, 0)
            .With(RunAttributes.Dirty, "false");
}
