using System.Text.Json.Nodes;
using GitMl.Core.Metrics;
using GitMl.Core.Params;

namespace GitMl.Core.Tests.Metrics;

public sealed class ValueTablesTests
{
    private static readonly ValueChange[] Changes =
    [
        new("metrics.json", "acc", ParamValues.Float(0.1), ParamValues.Float(0.15), ChangeKind.Changed),
        new("metrics.json", "model", JsonValue.Create("a|b"), JsonValue.Create("c"), ChangeKind.Changed),
        new("metrics.json", "new", null, ParamValues.Integer(3), ChangeKind.Added),
    ];

    [Fact]
    public void A_metrics_diff_reads_as_dvc_lays_it_out()
    {
        string text = ValueTables.Diff(Changes, "HEAD~1", "workspace", ValueKind.Metrics).ToText();
        Assert.Equal(
            "Path          Metric  HEAD~1  workspace  Change\n" +
            "metrics.json  acc     0.1     0.15       0.05\n" +
            "metrics.json  model   a|b     c          -\n" +
            "metrics.json  new     -       3          -\n",
            text);
    }

    [Fact]
    public void A_params_diff_has_no_change_column()
    {
        var table = ValueTables.Diff(Changes, "HEAD", "workspace", ValueKind.Params);
        Assert.Equal(["Path", "Param", "HEAD", "workspace"], table.Headers);
    }

    [Fact]
    public void Markdown_escapes_pipes_and_pads_columns()
    {
        string md = ValueTables.Diff(Changes[1..2], "a", "b", ValueKind.Metrics).ToMarkdown();
        Assert.Equal(
            "| Path         | Metric | a    | b   | Change |\n" +
            "| ------------ | ------ | ---- | --- | ------ |\n" +
            "| metrics.json | model  | a\\|b | c   | -      |\n",
            md);
    }

    [Theory]
    [InlineData(0.123456789, 5, "0.12346")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(2.0, 3, "2.0")]
    public void Precision_rounds_floats_only(double value, int digits, string expected)
    {
        Assert.Equal(expected, ValueText.Format(ParamValues.Float(value), digits));
        Assert.Equal("7", ValueText.Format(ParamValues.Integer(7), 0));
    }

    [Fact]
    public void Show_puts_revisions_side_by_side()
    {
        RevisionValues At(string label, string json) => new(label,
            new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>> { ["m.json"] = ValueFiles.Flatten(json, "m.json", ValueKind.Metrics, []) }, []);
        var table = ValueTables.Show([At("main", "{\"acc\": 0.8}"), At("workspace", "{\"acc\": 0.9, \"loss\": 0.1}")], ValueKind.Metrics);
        Assert.Equal(
            "Path    Metric  main  workspace\n" +
            "m.json  acc     0.8   0.9\n" +
            "m.json  loss    -     0.1\n",
            table.ToText());
    }
}
