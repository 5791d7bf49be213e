using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Runs;

public sealed class RunTablesTests
{
    [Fact]
    public void Compare_puts_params_and_metrics_side_by_side_with_deltas_against_the_first_run()
    {
        var a = RunNoteFormatTests.Sample("a", metrics: [new RunMetric("acc", 0.9, 0, 1, [], null)]);
        var b = RunNoteFormatTests.Sample("b", metrics: [new RunMetric("acc", 0.95, 0, 1, [], null)]) with { Params = new Dictionary<string, string> { ["train.lr"] = "0.1" } };
        var table = RunTables.Compare([a, b]);
        var acc = table.Rows.Single(r => r[0] == "metrics.acc");
        Assert.Equal(["metrics.acc", "0.9", "0.95 (+0.05)"], acc);
        var lr = table.Rows.Single(r => r[0] == "params.train.lr");
        Assert.Equal(["params.train.lr", "0.01", "0.1"], lr);
        Assert.Equal(["params.config/x.json:depth", "3", "-"], table.Rows.Single(r => r[0] == "params.config/x.json:depth"));
    }

    [Fact]
    public void The_list_as_csv_quotes_cells_that_need_it()
    {
        var run = RunNoteFormatTests.Sample("name, with comma");
        string csv = RunTables.List([run]).ToCsv();
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("run,name,status,start,duration,commit,branch,", lines[0]);
        Assert.Contains("\"name, with comma\"", lines[1]);
    }
}
