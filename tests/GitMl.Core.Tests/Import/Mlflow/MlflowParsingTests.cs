using GitMl.Core.Import.Mlflow;
using GitMl.Core.IO;
using GitMl.Core.Runs;

namespace GitMl.Core.Tests.Import.Mlflow;

public sealed class MlflowParsingTests
{
    [Fact]
    public void Meta_yaml_keeps_top_level_scalars_and_skips_nested_values()
    {
        var meta = MlflowYaml.ReadMapping("artifact_uri: file:///x\nend_time: null\nexperiment_id: '1'\nrun_name: \"lr 0.01\"\nstatus: 3\ntags: []\nnested:\n  a: 1\n  b: [1, 2]\nuser_id: alice\n");
        Assert.Equal("file:///x", meta["artifact_uri"]);
        Assert.Null(meta["end_time"]);
        Assert.Equal("1", meta["experiment_id"]);
        Assert.Equal("lr 0.01", meta["run_name"]);
        Assert.Equal(3, MlflowYaml.Integer(meta, "status"));
        Assert.Equal("alice", meta["user_id"]);
        Assert.False(meta.ContainsKey("tags"));
        Assert.False(meta.ContainsKey("a"));
    }

    [Fact]
    public void A_quoted_null_is_text()
    {
        var meta = MlflowYaml.ReadMapping("name: 'null'\nother: ~\n");
        Assert.Equal("null", meta["name"]);
        Assert.Null(meta["other"]);
    }

    [Fact]
    public void Aliases_are_not_expanded()
    {
        // A "billion laughs" document: expanding it would take exponential memory; the reader skips it in linear time.
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
                   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nname: ok\nref: *a\n";
        var meta = MlflowYaml.ReadMapping(text);
        Assert.Equal("ok", meta["name"]);
    }

    [Theory]
    [InlineData("- a\n- b\n")]
    [InlineData("just text")]
    [InlineData("a: [unclosed\n")]
    [InlineData("? [complex]\n: key\n")]
    public void What_is_not_a_mapping_is_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => MlflowYaml.ReadMapping(text));

    [Theory]
    [InlineData("1700000000000 0.5 3", 3, 0.5, 1700000000000)]
    [InlineData("1700000000000 0.5", 0, 0.5, 1700000000000)]
    [InlineData("1 nan 2", 2, double.NaN, 1)]
    [InlineData("1 inf 2", 2, double.PositiveInfinity, 1)]
    [InlineData("1 -Infinity 2", 2, double.NegativeInfinity, 1)]
    [InlineData("1 1e-3 -1", -1, 0.001, 1)]
    public void Metric_lines_are_timestamp_value_step(string line, long step, double value, long timestamp)
    {
        Assert.True(MlflowMetricLine.TryParse(line, out var point));
        Assert.Equal(new MetricPoint(step, value, timestamp), point);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1 2 3 4")]
    [InlineData("x 1 2")]
    [InlineData("1 abc 2")]
    [InlineData("1 2 2.5")]
    public void Other_lines_are_not_metric_points(string line) => Assert.False(MlflowMetricLine.TryParse(line, out _));

    [Fact]
    public void The_value_a_run_shows_is_the_largest_step_then_timestamp_then_value()
    {
        // test_sqlalchemy_store.py test_search_metrics: m_b logged 3.0 at t=2, 4.0 at t=8, 8.0 at t=3, all step 0: 4.0.
        Assert.Equal(4.0, MlflowMetricLine.Latest([new(0, 3.0, 2), new(0, 4.0, 8), new(0, 8.0, 3)]).Value);
        Assert.Equal(1.0, MlflowMetricLine.Latest([new(5, 1.0, 1), new(4, 9.0, 9)]).Value);
        Assert.Equal(7.0, MlflowMetricLine.Latest([new(1, 2.0, 1), new(1, 7.0, 1)]).Value);
    }

    private const string Id = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("runs:/" + Id + "/model", Id, "model")]
    [InlineData("runs:/" + Id + "/model/", Id, "model")]
    [InlineData("runs:/" + Id, Id, "")]
    [InlineData("file:///home/alice/mlruns/1/" + Id + "/artifacts/model", Id, "model")]
    [InlineData("mlflow-artifacts:/1/" + Id + "/artifacts/sub/model.pkl", Id, "sub/model.pkl")]
    [InlineData("/home/alice/mlruns/1/" + Id + "/artifacts/model", Id, "model")]
    [InlineData(@"C:\Users\alice\mlruns\1\" + Id + @"\artifacts\model", Id, "model")]
    public void A_version_source_names_a_run_and_a_path_in_its_artifacts(string source, string run, string path)
    {
        var parsed = MlflowModelSource.TryParse(source, Id, out string? problem);
        Assert.Null(problem);
        Assert.Equal((run, path), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s3://bucket/models/model")]
    [InlineData("models:/m-0123456789")]
    [InlineData("runs:/")]
    [InlineData("runs:/not-a-run/model")]
    [InlineData("runs:/" + Id + "/../../../etc/passwd")]
    [InlineData("file:///mlruns/1/" + Id + "/artifacts/model/../../x")]
    [InlineData("file:///mlruns/1/" + Id + "/artifacts/./model")]
    public void Other_sources_say_why_they_cannot_be_imported(string? source)
    {
        Assert.Null(MlflowModelSource.TryParse(source, Id, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Terminal_text_escapes_control_and_reordering_characters()
    {
        Assert.Equal("plain name", TerminalText.Escape("plain name"));
        Assert.Equal("\\u001b]0;pwned\\u0007x\\n", TerminalText.Escape("\u001b]0;pwned\u0007x\n"));
        Assert.Equal("a\\u202eb", TerminalText.Escape("a\u202eb"));
    }
}
