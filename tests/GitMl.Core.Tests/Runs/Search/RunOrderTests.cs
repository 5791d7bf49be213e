using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

public sealed class RunOrderTests
{
    private static readonly TestRun[] Runs =
    [
        new TestRun(TestRun.Id(1)).With(RunAttributes.StartTime, 1000).WithMetric("f1", 0.5).WithParam("lr", "0.1").WithParam("opt", "sgd"),
        new TestRun(TestRun.Id(2)).With(RunAttributes.StartTime, 3000).WithMetric("f1", 0.9).WithParam("lr", "10").WithParam("opt", "adam"),
        new TestRun(TestRun.Id(3)).With(RunAttributes.StartTime, 2000).WithParam("lr", "9").WithParam("opt", "Adam"),
        new TestRun(TestRun.Id(4)).With(RunAttributes.StartTime, 2000).WithMetric("f1", 0.7).WithParam("lr", "auto"),
        new TestRun(TestRun.Id(5)).WithMetric("f1", 0.7),
    ];

    private static string Order(string? orderBy, int? limit = null) =>
        string.Join(" ", RunOrder.Parse(orderBy).Sort(Runs, limit).Select(r => r.RunId.TrimStart('0')));

    [Theory]
    [InlineData(null, "2 3 4 1 5")]                       // start_time desc (missing last), then run_id
    [InlineData("", "2 3 4 1 5")]
    [InlineData("start_time", "1 3 4 2 5")]               // asc; the equal start times of 3 and 4 fall to run_id
    [InlineData("start_time ASC", "1 3 4 2 5")]
    [InlineData("attributes.start_time desc", "2 3 4 1 5")]
    [InlineData("metrics.f1 DESC", "2 4 5 1 3")]          // 4 and 5 tie at 0.7: start_time desc puts 4 (2000) before 5 (none)
    [InlineData("metrics.f1", "1 4 5 2 3")]               // missing last in both directions
    [InlineData("metrics.f1 desc, run_id desc", "2 5 4 1 3")]
    [InlineData("params.lr", "1 3 2 4 5")]                // numbers by value (0.1 < 9 < 10), then text, then missing
    [InlineData("params.lr DESC", "4 2 3 1 5")]           // reversed, but missing still last
    [InlineData("params.opt", "3 2 1 4 5")]               // ordinal: "Adam" < "adam" < "sgd"
    [InlineData("params.opt desc, metrics.f1 desc", "1 2 3 4 5")]
    [InlineData("run_id desc", "5 4 3 2 1")]
    public void Orders(string? orderBy, string expected) => Assert.Equal(expected, Order(orderBy));

    [Theory]
    [InlineData("metrics.f1 DESC", 2, "2 4")]
    [InlineData("metrics.f1 DESC", 1, "2")]
    [InlineData("metrics.f1 DESC", 100, "2 4 5 1 3")]
    public void Limit_keeps_the_first(string orderBy, int limit, string expected) => Assert.Equal(expected, Order(orderBy, limit));

    [Fact]
    public void Compare_agrees_with_sort()
    {
        RunOrder order = RunOrder.Parse("metrics.f1 desc, params.lr");
        TestRun[] sorted = order.Sort(Runs);
        for (int i = 1; i < sorted.Length; i++)
        {
            Assert.True(order.Compare(sorted[i - 1], sorted[i]) < 0);
        }
    }

    [Fact]
    public void Keys_are_the_clauses_as_given()
    {
        RunOrder order = RunOrder.Parse(" metrics.`test f1` desc ,start_time asc, name ");
        Assert.Equal(
            [
                new RunOrderKey(new RunField(RunEntity.Metric, "test f1"), Descending: true),
                new RunOrderKey(new RunField(RunEntity.Attribute, RunAttributes.StartTime), Descending: false),
                new RunOrderKey(new RunField(RunEntity.Attribute, RunAttributes.RunName), Descending: false),
            ],
            order.Keys);
        Assert.Equal("metrics.`test f1` DESC, start_time ASC, run_name ASC", order.ToString());
        Assert.Empty(RunOrder.Default.Keys);
    }
}
