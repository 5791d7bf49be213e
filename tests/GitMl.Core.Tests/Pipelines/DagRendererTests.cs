using System.Text.Json;
using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

public sealed class DagRendererTests
{
    private static readonly PipelineGraph Diamond = PipelineGraph.Build(Parse("""
        stages:
          evaluate:
            cmd: e
            deps: [model.pkl, features]
          train:
            cmd: t
            deps: [features/train.csv]
            outs: [model.pkl]
          featurize:
            cmd: f
            outs: [features]
            frozen: true
          greet:
            foreach: ['say"hi"']
            do:
              cmd: echo
        """));

    [Fact]
    public void Text_lists_stages_in_run_order_with_their_upstream_stages() =>
        Assert.Equal(
            "featurize  (frozen)\n" +
            "train          <- featurize\n" +
            "evaluate       <- featurize, train\n" +
            "greet@say\"hi\"\n",
            DagRenderer.Text(Diamond));

    [Fact]
    public void Mermaid_is_a_top_down_flowchart() =>
        Assert.Equal(
            "flowchart TD\n" +
            "\tnode1[\"featurize\"]\n" +
            "\tnode2[\"train\"]\n" +
            "\tnode3[\"evaluate\"]\n" +
            "\tnode4[\"greet@say#quot;hi#quot;\"]\n" +
            "\tnode1-->node2\n" +
            "\tnode1-->node3\n" +
            "\tnode2-->node3\n",
            DagRenderer.Mermaid(Diamond));

    [Fact]
    public void Dot_is_a_strict_digraph_with_quoted_names() =>
        Assert.Equal(
            "strict digraph {\n" +
            "\t\"featurize\";\n" +
            "\t\"train\";\n" +
            "\t\"evaluate\";\n" +
            "\t\"greet@say\\\"hi\\\"\";\n" +
            "\t\"featurize\" -> \"train\";\n" +
            "\t\"featurize\" -> \"evaluate\";\n" +
            "\t\"train\" -> \"evaluate\";\n" +
            "}\n",
            DagRenderer.Dot(Diamond));

    [Fact]
    public void Json_has_nodes_in_run_order_and_edges_with_their_paths()
    {
        using var document = JsonDocument.Parse(DagRenderer.Json(Diamond));
        var root = document.RootElement;
        Assert.Equal("ml.yaml", root.GetProperty("file").GetString());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["featurize", "train", "evaluate", "greet@say\"hi\""], nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(["featurize", "train"], nodes[2].GetProperty("upstream").EnumerateArray().Select(u => u.GetString()));
        Assert.True(nodes[0].GetProperty("frozen").GetBoolean());
        Assert.Equal(9, nodes[0].GetProperty("line").GetInt32());
        var edges = root.GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(3, edges.Count);
        Assert.Equal("train", edges[0].GetProperty("to").GetString());
        Assert.Equal(["features/train.csv"], edges[0].GetProperty("paths").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void An_empty_pipeline_says_so()
    {
        var empty = PipelineGraph.Build(Parse("stages:\n"));
        Assert.Equal("ml.yaml has no stages.\n", DagRenderer.Text(empty));
        Assert.Equal("flowchart TD\n", DagRenderer.Mermaid(empty));
    }
}
