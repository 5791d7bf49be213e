using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Runs;

public sealed class RunNoteFormatTests
{
    internal static RunRecord Sample(string name = "baseline", DateTimeOffset? start = null, IReadOnlyList<RunMetric>? metrics = null) => new(
        RunId.New(),
        name,
        RunStatus.Finished,
        "Ada <ada@example.com>",
        "box",
        start ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        (start ?? new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)).AddSeconds(90),
        0,
        ["python", "train.py", "--epochs", "3"],
        new string('a', 40),
        "main",
        false,
        null,
        new Dictionary<string, string> { ["train.lr"] = "0.01", ["config/x.json:depth"] = "3" },
        metrics ?? [new RunMetric("loss", 0.25, 2, 3, [new MetricPoint(0, 1, 10), new MetricPoint(1, 0.5, 11), new MetricPoint(2, 0.25, 12)], null),
            new RunMetric("acc", double.NaN, 0, 1, [new MetricPoint(0, double.NaN, 10)], null)],
        new Dictionary<string, string> { ["team"] = "churn \"core\"" },
        [new RunFile("data/train.csv", ObjectId.Parse(new string('1', 64)), 100)],
        [new RunFile("models/m.bin", ObjectId.Parse(new string('2', 64)), 7)],
        null,
        "1.0.0",
        "Linux");

    [Fact]
    public void A_run_round_trips_through_its_line_and_the_line_is_canonical()
    {
        var run = Sample();
        string line = RunNoteFormat.Write(run);
        Assert.DoesNotContain('\n', line);
        Assert.True(line.All(char.IsAscii), "a run line is ASCII only");
        Assert.DoesNotContain(": ", line);
        var read = Assert.IsType<RunRecord>(RunNoteFormat.Read(line, "b" + new string('c', 39)));
        Assert.Equal(run.Id, read.Id);
        Assert.Equal(run.Start, read.Start);
        Assert.Equal(run.Command, read.Command);
        Assert.Equal(run.Params, read.Params);
        Assert.Equal(run.Tags, read.Tags);
        Assert.Equal(run.Data, read.Data);
        Assert.Equal(run.Outputs, read.Outputs);
        Assert.True(double.IsNaN(read.Metric("acc")!.Value));
        Assert.Equal(run.Metric("loss")!.InlinePoints, read.Metric("loss")!.InlinePoints);
        Assert.Equal("b" + new string('c', 39), read.AttachedTo);
        // Writing what was read gives the same bytes: one encoding per run, so cat_sort_uniq collapses copies.
        Assert.Equal(line, RunNoteFormat.Write(read with { AttachedTo = run.Commit }));
    }

    [Fact]
    public void Keys_are_in_ordinal_order()
    {
        string line = RunNoteFormat.Write(Sample());
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void An_amendment_round_trips()
    {
        var amendment = new RunAmendment(RunId.New(), new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), "Bo", new Dictionary<string, string?> { ["k"] = "v", ["gone"] = null }, true);
        var read = Assert.IsType<RunAmendment>(RunNoteFormat.Read(RunNoteFormat.Write(amendment), "x"));
        Assert.Equal(amendment.Run, read.Run);
        Assert.Equal(amendment.At, read.At);
        Assert.Equal("v", read.Tags["k"]);
        Assert.Null(read.Tags["gone"]);
        Assert.True(read.Deleted);
    }

    [Theory]
    [InlineData("not json", "not valid JSON (line 1")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"kind\":\"run\"}", "no schema version")]
    [InlineData("{\"schema\":99,\"kind\":\"run\"}", "newer git-ml")]
    [InlineData("{\"schema\":1,\"kind\":\"other\"}", "unknown kind")]
    [InlineData("{\"schema\":1,\"kind\":\"run\",\"id\":\"xyz\"}", "not a run id")]
    public void Foreign_or_broken_lines_are_rejected_with_the_reason(string line, string reason)
    {
        var e = Assert.ThrowsAny<FormatException>(() => RunNoteFormat.Read(line, "c"));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_rejected()
    {
        string line = RunNoteFormat.Write(Sample()).Replace("\"dirty\":false", "\"dirty\":\"no\"", StringComparison.Ordinal);
        var e = Assert.ThrowsAny<FormatException>(() => RunNoteFormat.Read(line, "c"));
        Assert.Contains("dirty", e.Message);
    }
}
