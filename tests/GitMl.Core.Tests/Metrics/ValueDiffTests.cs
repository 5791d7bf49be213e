using System.Text.Json.Nodes;
using GitMl.Core.Metrics;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Metrics;

public sealed class ValueDiffTests
{
    private static RevisionValues Values(string label, string path, string json) =>
        new(label, new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>> { [path] = ValueFiles.Flatten(json, path, ValueKind.Metrics, []) }, []);

    [Fact]
    public void Metrics_are_flattened_with_dots_and_lists_by_index()
    {
        var flat = ValueFiles.Flatten("{\"loss\": {\"train\": 0.5}, \"folds\": [{\"auc\": 0.7}, 0.8], \"empty\": {}}", "m.json", ValueKind.Metrics, []);
        Assert.Equal(["loss.train", "folds.0.auc", "folds.1"], flat.Keys);
    }

    [Fact]
    public void Yaml_metrics_are_read_like_json()
    {
        var flat = ValueFiles.Flatten("train:\n  acc: 0.9\n  steps: 10\n", "m.yaml", ValueKind.Metrics, []);
        Assert.Equal("0.9", PythonText.Str(flat["train.acc"]));
        Assert.True(ParamValues.IsInteger(flat["train.steps"]));
    }

    [Fact]
    public void Params_keep_lists_as_values_and_can_be_narrowed_to_keys()
    {
        const string text = "train:\n  layers: [1, 2]\n  lr: 0.1\n";
        Assert.Equal(["train.layers", "train.lr"], ValueFiles.Flatten(text, "params.yaml", ValueKind.Params, []).Keys);
        Assert.Equal(["train.lr"], ValueFiles.Flatten(text, "params.yaml", ValueKind.Params, ["train.lr", "train.missing"]).Keys);
    }

    [Fact]
    public void A_broken_file_names_itself()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ValueFiles.Flatten("{\"a\": ", "m.json", ValueKind.Metrics, []));
        Assert.Equal("m.json", e.File);
    }

    [Fact]
    public void Only_changes_are_listed_unless_all()
    {
        var before = Values("HEAD", "m.json", "{\"acc\": 0.1, \"same\": 1, \"gone\": 2, \"name\": \"a\"}");
        var after = Values("workspace", "m.json", "{\"acc\": 0.15, \"same\": 1, \"name\": \"b\", \"new\": 3}");
        var rows = ValueDiff.Compare(before, after, all: false);
        Assert.Equal(
            [("acc", ChangeKind.Changed), ("name", ChangeKind.Changed), ("new", ChangeKind.Added), ("gone", ChangeKind.Removed)],
            rows.Select(r => (r.Key, r.Kind)));
        Assert.Equal(5, ValueDiff.Compare(before, after, all: true).Count);
    }

    [Fact]
    public void An_integer_and_the_same_float_differ()
    {
        var rows = ValueDiff.Compare(Values("a", "m.json", "{\"x\": 1}"), Values("b", "m.json", "{\"x\": 1.0}"), all: false);
        Assert.Equal(ChangeKind.Changed, Assert.Single(rows).Kind);
    }

    [Fact]
    public void A_file_only_one_side_has_is_all_added()
    {
        var empty = new RevisionValues("HEAD", new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(), []);
        var rows = ValueDiff.Compare(empty, Values("workspace", "m.json", "{\"x\": 1}"), all: false);
        Assert.Equal(ChangeKind.Added, Assert.Single(rows).Kind);
        Assert.Null(rows[0].Delta);
    }
}
