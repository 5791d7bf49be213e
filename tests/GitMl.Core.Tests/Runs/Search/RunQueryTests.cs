using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

public sealed class RunQueryTests
{
    [Fact]
    public void Filters_then_orders_then_limits()
    {
        TestRun[] runs =
        [
            new TestRun(TestRun.Id(1)).With(RunAttributes.Status, "FINISHED").WithMetric("test_f1", 0.8),
            new TestRun(TestRun.Id(2)).With(RunAttributes.Status, "FAILED").WithMetric("test_f1", 0.99),
            new TestRun(TestRun.Id(3)).With(RunAttributes.Status, "FINISHED").WithMetric("test_f1", 0.9),
            new TestRun(TestRun.Id(4)).With(RunAttributes.Status, "FINISHED").WithMetric("test_f1", 0.85),
        ];
        RunQuery query = RunQuery.Parse("status = 'FINISHED'", "metrics.test_f1 desc", 2);
        Assert.Equal([TestRun.Id(3), TestRun.Id(4)], query.Apply(runs).Select(r => r.RunId));
        Assert.Equal(4, RunQuery.Parse(null, null, null).Apply(runs).Count);
        Assert.Empty(RunQuery.Parse("metrics.test_f1 > 1", null, null).Apply(runs));
        Assert.Empty(RunQuery.All.Apply(Array.Empty<TestRun>()));
    }

    [Fact]
    public void Ten_thousand_runs_filter_and_sort_correctly()
    {
        // Deterministic spread of values: every 7th run lacks the metric, every 5th failed, lr cycles over 4 values.
        string[] rates = ["0.1", "0.01", "0.001", "auto"];
        var runs = new List<TestRun>(10_000);
        for (int i = 0; i < 10_000; i++)
        {
            var run = new TestRun(TestRun.Id(i))
                .With(RunAttributes.Status, i % 5 == 0 ? "FAILED" : "FINISHED")
                .With(RunAttributes.StartTime, 1_700_000_000_000 + ((i * 7919) % 10_000 * 1000))
                .WithParam("train.learning_rate", rates[i % 4])
                .WithTag("team", i % 2 == 0 ? "vision" : "nlp");
            if (i % 7 != 0)
            {
                run.WithMetric("test_accuracy", (i * 37 % 1000) / 1000.0);
            }
            runs.Add(run);
        }
        RunQuery query = RunQuery.Parse(
            "metrics.test_accuracy > 0.5 and params.train.learning_rate < 0.05 and status != 'FAILED' and tags.team ILIKE 'VIS%'",
            "metrics.test_accuracy desc, start_time",
            null);

        IReadOnlyList<TestRun> found = query.Apply(runs);

        TestRun[] expected = runs
            .Where(r => r.Metric("test_accuracy") > 0.5
                && r.Param("train.learning_rate") is "0.01" or "0.001"
                && r.Attribute(RunAttributes.Status)!.Value.Text != "FAILED"
                && r.Tag("team") == "vision")
            .OrderByDescending(r => r.Metric("test_accuracy"))
            .ThenBy(r => r.Attribute(RunAttributes.StartTime)!.Value.Number)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => r.RunId), found.Select(r => r.RunId));

        IReadOnlyList<TestRun> top = RunQuery.Parse(query.Filter.Text, query.Order.Text, 10).Apply(runs);
        Assert.Equal(expected.Take(10).Select(r => r.RunId), top.Select(r => r.RunId));
    }

    [Fact]
    public void Ten_thousand_runs_with_missing_values_sort_them_last()
    {
        var runs = Enumerable.Range(0, 10_000)
            .Select(i => i % 3 == 0 ? new TestRun(TestRun.Id(i)) : new TestRun(TestRun.Id(i)).WithMetric("loss", i % 100))
            .ToList();
        IReadOnlyList<TestRun> sorted = RunQuery.Parse(null, "metrics.loss", null).Apply(runs);
        Assert.Equal(10_000, sorted.Count);
        int withLoss = runs.Count(r => r.Metric("loss") is not null);
        Assert.All(sorted.Take(withLoss), r => Assert.NotNull(r.Metric("loss")));
        Assert.All(sorted.Skip(withLoss), r => Assert.Null(r.Metric("loss")));
        for (int i = 1; i < withLoss; i++)
        {
            Assert.True(sorted[i - 1].Metric("loss") <= sorted[i].Metric("loss"));
        }
    }
}
