using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Tests.Params;

public sealed class ParamTreeTests
{
    private static readonly JsonObject Tree = ParamsFile.Parse("""
        train:
          lr: 0.01
          layers:
            - units: 64
            - units: 32
          empty: {}
        "dotted.key": 7
        nested:
          "a.b":
            c: 1
        flag: null
        """, "params.yaml");

    [Theory]
    [InlineData("train.lr", "0.01")]
    [InlineData("train.layers.1.units", "32")]
    [InlineData("train.layers[0].units", "64")]
    [InlineData("dotted.key", "7")]
    [InlineData("nested.a.b.c", "1")]
    [InlineData("flag", "None")]
    public void Values_are_found_by_dotted_key(string key, string expected)
    {
        Assert.True(ParamTree.TryGet(Tree, key, out var value));
        Assert.Equal(expected, PythonText.Str(value));
    }

    [Theory]
    [InlineData("train.momentum")]
    [InlineData("train.layers.2")]
    [InlineData("train.layers.x")]
    [InlineData("train.lr.x")]
    [InlineData("missing")]
    public void Missing_keys_are_reported_as_missing(string key) =>
        Assert.False(ParamTree.TryGet(Tree, key, out _));

    [Fact]
    public void Flatten_walks_mappings_keeps_lists_whole_and_drops_empty_mappings()
    {
        var flat = ParamTree.Flatten(Tree);
        Assert.Equal(["train.lr", "train.layers", "dotted.key", "nested.a.b.c", "flag"], flat.Keys);
        Assert.IsType<JsonArray>(flat["train.layers"]);
    }
}
