using GitMl.Core.Runs;
using GitMl.Server.Ui;

namespace GitMl.Server.Tests;

/// <summary>The UI's downsampling of long metric histories (Largest-Triangle-Three-Buckets).</summary>
public sealed class UiLttbTests
{
    private static List<MetricPoint> Series(int count, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => new MetricPoint(i, value(i), 1_000L * i))];

    [Fact]
    public void Keeps_a_short_series_as_it_is()
    {
        var points = Series(50, i => i);
        Assert.Same(points, Lttb.Downsample(points, 100));
        Assert.Same(points, Lttb.Downsample(points, 50));
    }

    [Fact]
    public void Keeps_the_ends_and_the_peak_of_a_million_points_in_the_budget()
    {
        var points = Series(1_000_000, i => i == 654_321 ? 100 : Math.Sin(i / 1000.0));
        var kept = Lttb.Downsample(points, 2_000);

        Assert.Equal(2_000, kept.Count);
        Assert.Equal(0, kept[0].Step);
        Assert.Equal(999_999, kept[^1].Step);
        Assert.Contains(kept, p => p.Step == 654_321);
        Assert.True(kept.Zip(kept.Skip(1)).All(pair => pair.First.Step < pair.Second.Step), "points stay in step order");
    }

    [Fact]
    public void Non_finite_values_do_not_break_it()
    {
        var points = Series(10_000, i => i % 100 == 0 ? double.NaN : i % 7 == 0 ? double.PositiveInfinity : i);
        var kept = Lttb.Downsample(points, 500);
        Assert.Equal(500, kept.Count);
    }

    [Fact]
    public void A_series_in_step_order_is_used_as_it_is_and_any_other_is_sorted_by_step_then_time_stably()
    {
        var ordered = Series(1_000, i => i);
        Assert.Same(ordered, UiEndpoints.InStepOrder(ordered));

        List<MetricPoint> logged = [new(2, 20, 5), new(1, 10, 9), new(1, 11, 7), new(1, 12, 7), new(3, 30, 1)];
        Assert.Equal([new(1, 11, 7), new(1, 12, 7), new(1, 10, 9), new(2, 20, 5), new(3, 30, 1)], UiEndpoints.InStepOrder(logged));
    }
}
