using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Runs;

public sealed class RunLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_line_shape_is_read_and_bad_lines_become_numbered_warnings()
    {
        File.WriteAllText(_dir.Combine(RunLogFile.FileName), string.Join('\n',
            "{\"metric\":\"loss\",\"value\":0.5,\"step\":3}",
            "{\"metrics\":{\"acc\":0.9,\"f1\":\"0.8\"},\"step\":1}",
            "{\"param\":\"lr\",\"value\":0.01}",
            "{\"params\":{\"depth\":3,\"name\":\"x\"}}",
            "{\"tag\":\"team\",\"value\":\"churn\"}",
            "{\"tags\":{\"k\":\"v\"}}",
            "{\"artifact\":\"out/model.bin\"}",
            "not json",
            "{\"metric\":\"loss\",\"value\":\"high\"}",
            "{\"something\":1}",
            "") + "\n");
        var log = RunLogFile.Read(_dir.Combine(RunLogFile.FileName));
        Assert.Equal(0.5, log.Metrics["loss"].Single().Value);
        Assert.Equal(3, log.Metrics["loss"].Single().Step);
        Assert.Equal(0.8, log.Metrics["f1"].Single().Value);
        Assert.Equal("0.01", log.Params["lr"]);
        Assert.Equal("3", log.Params["depth"]);
        Assert.Equal("x", log.Params["name"]);
        Assert.Equal("churn", log.Tags["team"]);
        Assert.Equal("v", log.Tags["k"]);
        Assert.Equal(["out/model.bin"], log.Artifacts);
        Assert.Equal(3, log.Warnings.Count);
        Assert.StartsWith("log.jsonl line 8", log.Warnings[0]);
        Assert.Contains("line 9", log.Warnings[1]);
        Assert.Contains("line 10", log.Warnings[2]);
    }

    [Fact]
    public void Values_without_a_step_take_the_next_step_of_their_series()
    {
        string path = _dir.Combine(RunLogFile.FileName);
        RunLogFile.Append(_dir.Path, RunLogFile.MetricLine("loss", 3, null, 1));
        RunLogFile.Append(_dir.Path, RunLogFile.MetricLine("loss", 2, null, 2));
        RunLogFile.Append(_dir.Path, RunLogFile.MetricLine("loss", 1, 10, 3));
        RunLogFile.Append(_dir.Path, RunLogFile.MetricLine("loss", double.PositiveInfinity, null, 4));
        Assert.Equal([0L, 1, 10, 11], RunLogFile.Read(path).Metrics["loss"].Select(p => p.Step));
    }

    [Fact]
    public void A_million_step_series_logs_reads_and_stores_in_linear_work_and_comes_back_whole()
    {
        const int count = 1_000_000;
        string path = _dir.Combine(RunLogFile.FileName);
        using (var writer = new StreamWriter(path))
        {
            for (int i = 0; i < count; i++)
            {
                writer.Write("{\"metric\":\"loss\",\"value\":");
                writer.Write((1.0 / (i + 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                writer.Write(",\"step\":");
                writer.Write(i);
                writer.Write(",\"timestamp\":5}\n");
            }
        }
        var log = RunLogFile.Read(path);
        var store = new ObjectStore(_dir.Combine("store"));
        var metric = MetricHistory.Summarize("loss", log.Metrics["loss"], store);
        Assert.Equal(count, metric.Count);
        Assert.Equal(count - 1, metric.Step);
        Assert.Null(metric.InlinePoints);
        Assert.NotNull(metric.HistoryOid);
        var points = MetricHistory.Points(metric, store);
        Assert.Equal(count, points.Count);
        Assert.Equal(1.0 / 500_001, points[500_000].Value);
        Assert.Equal(5, points[^1].TimestampMs);
    }

    [Fact]
    public void A_stored_history_reads_back_every_point_exactly_across_read_blocks_nan_and_infinities_included()
    {
        var store = new ObjectStore(_dir.Combine("store"));
        var series = Enumerable.Range(0, 120_000).Select(i => new MetricPoint(i - 5, (i % 1000) switch
        {
            7 => double.NaN,
            8 => double.PositiveInfinity,
            9 => double.NegativeInfinity,
            _ => Math.PI * (i - 60_000) / 7.0,
        }, 1_767_225_600_000 + i)).ToList();
        var metric = MetricHistory.Summarize("loss", series, store);
        Assert.NotNull(metric.HistoryOid);

        var points = MetricHistory.Points(metric, store);

        Assert.Equal(series, points); // record equality: NaN equals NaN through double.Equals
    }

    [Fact]
    public void The_last_value_is_the_highest_step_and_the_latest_among_equal_steps()
    {
        var store = new ObjectStore(_dir.Combine("store"));
        var metric = MetricHistory.Summarize("m", [new MetricPoint(5, 1, 0), new MetricPoint(9, 2, 0), new MetricPoint(9, 3, 0), new MetricPoint(2, 4, 0)], store);
        Assert.Equal(3, metric.Value);
        Assert.Equal(9, metric.Step);
        Assert.Equal(4, metric.InlinePoints!.Count);
    }

    [Theory]
    [InlineData("train.lr", "GIT_ML_PARAM_TRAIN_LR")]
    [InlineData("config/x.json:depth", "GIT_ML_PARAM_CONFIG_X_JSON_DEPTH")]
    public void Set_keys_reach_the_command_as_environment_variables(string key, string variable) =>
        Assert.Equal(variable, ExperimentRunner.ParamVariable(key));
}
