using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

public sealed class PipelineGraphTests
{
    private static PipelineGraph Graph(string yaml, string file = "ml.yaml") => PipelineGraph.Build(ParseAs(file, yaml));

    private static string[] Names(IEnumerable<StageSpec> stages) => stages.Select(s => s.Name).ToArray();

    [Fact]
    public void The_seed_pipeline_runs_prepare_then_train()
    {
        var graph = PipelineGraph.Build(ParseAs("dvc.yaml", Seed, ("params.yaml", SeedParams)));
        Assert.Equal(["prepare", "train"], Names(graph.Stages));
        var edge = Assert.Single(graph.Edges);
        Assert.Equal(new PipelineEdge("prepare", "train", edge.Paths), edge);
        Assert.Equal(["data/processed/train.csv"], edge.Paths);
        Assert.Equal(["prepare"], Names(graph.Upstream("train")));
        Assert.Equal(["train"], Names(graph.Descendants("prepare")));
    }

    [Fact]
    public void Stages_run_after_what_they_depend_on_and_otherwise_in_file_order()
    {
        var graph = Graph("""
            stages:
              evaluate:
                cmd: e
                deps: [model.pkl, data/test.csv]
                metrics: [scores.json]
              report:
                cmd: r
                deps: [scores.json]
              lint:
                cmd: l
              train:
                cmd: t
                deps: [data/train.csv]
                outs: [model.pkl]
              split:
                cmd: s
                deps: [raw.csv]
                outs: [data/train.csv, data/test.csv]
            """);
        Assert.Equal(["lint", "split", "train", "evaluate", "report"], Names(graph.Stages));
        Assert.Equal(["split", "train"], Names(graph.Upstream("evaluate")));
        Assert.Equal(["split", "train", "evaluate"], Names(graph.Ancestors("report")));
        Assert.Equal(["train", "evaluate", "report"], Names(graph.Descendants("split")));
        Assert.Empty(graph.Ancestors("lint"));
        Assert.Equal(
            [["lint", "split"], ["train"], ["evaluate"], ["report"]],
            graph.Levels().Select(Names).ToArray());
        Assert.Equal(
            [("split", "train"), ("split", "evaluate"), ("train", "evaluate"), ("evaluate", "report")],
            graph.Edges.Select(e => (e.From, e.To)).ToArray());
    }

    [Fact]
    public void A_dependency_on_a_file_inside_an_output_directory_or_on_a_directory_holding_an_output_connects()
    {
        var graph = Graph("""
            stages:
              features:
                cmd: f
                outs: [data/features/]
              train:
                cmd: t
                deps: [./data/features/part-0.parquet]
              model:
                cmd: m
                outs: [models/model.pkl]
              package:
                cmd: p
                deps: [models]
            """);
        Assert.Equal(["features"], Names(graph.Upstream("train")));
        Assert.Equal(["model"], Names(graph.Upstream("package")));
        Assert.Equal(["data/features/part-0.parquet"], graph.Edges.Single(e => e.To == "train").Paths);
    }

    [Fact]
    public void Paths_are_compared_from_the_top_with_the_pipeline_folder_and_wdir_applied()
    {
        var graph = Graph("""
            stages:
              prepare:
                wdir: src/..//data
                cmd: p
                outs: [clean.csv]
              train:
                wdir: models
                cmd: t
                deps: [../data/clean.csv]
              elsewhere:
                cmd: e
                deps: [../data/clean.csv]
            """, "pipelines/ml.yaml");
        Assert.Equal(["prepare"], Names(graph.Upstream("train")));
        Assert.Empty(graph.Upstream("elsewhere"));
        Assert.Equal("pipelines/data/clean.csv", PipelineGraph.WorkTreePath(graph.Spec, graph.Stage("prepare"), "clean.csv"));
        Assert.Equal(["pipelines/data/clean.csv"], Assert.Single(graph.Edges).Paths);
    }

    [Fact]
    public void A_params_file_produced_by_a_stage_is_a_dependency()
    {
        var graph = Graph("""
            stages:
              tune:
                cmd: t
                outs: [best.yaml]
              train:
                cmd: x
                params:
                  - best.yaml: [lr]
            """);
        Assert.Equal(["tune"], Names(graph.Upstream("train")));
    }

    [Fact]
    public void A_cycle_is_an_error_naming_its_stages_in_order()
    {
        var e = Assert.Throws<PipelineFormatException>(() => Graph("""
            stages:
              a:
                cmd: a
                deps: [c.out]
                outs: [a.out]
              unrelated:
                cmd: u
                deps: [a.out]
              b:
                cmd: b
                deps: [a.out]
                outs: [b.out]
              c:
                cmd: c
                deps: [b.out]
                outs: [c.out]
            """));
        Assert.Equal(2, e.Line);
        Assert.Contains("cycle: `a` -> `b` -> `c` -> `a`", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_stages_producing_the_same_path_is_an_error()
    {
        var e = Assert.Throws<PipelineFormatException>(() => Graph("""
            stages:
              train:
                cmd: a
                outs: [models/model.pkl]
              retrain:
                cmd: b
                outs: [./models//model.pkl]
            """));
        Assert.Equal(5, e.Line);
        Assert.Contains("`models/model.pkl` is an output of both `train` (line 2) and `retrain`", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_inside_another_stages_output_directory_is_an_error()
    {
        var e = Assert.Throws<PipelineFormatException>(() => Graph("""
            stages:
              split:
                cmd: s
                outs: [data/processed/train.csv]
              prepare:
                cmd: p
                outs: [data/processed/]
            """));
        Assert.Equal(5, e.Line);
        Assert.Contains("`data/processed/train.csv`, an output of `split` (line 2), is inside `data/processed`, an output of `prepare` (line 5)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_depending_on_its_own_output_is_an_error()
    {
        var e = Assert.Throws<PipelineFormatException>(() => Graph("""
            stages:
              ok:
                cmd: o
              grow:
                cmd: g
                deps: [data/db.sqlite]
                outs: [./data/db.sqlite]
            """));
        Assert.Equal(4, e.Line);
        Assert.Contains("stage `grow` lists `data/db.sqlite` both as a dependency and as an output", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_may_read_a_folder_that_holds_its_own_output()
    {
        var graph = Graph("stages:\n  s:\n    cmd: x\n    deps: [data]\n    outs: [data/summary.json]\n");
        Assert.Empty(graph.Edges);
    }

    [Fact]
    public void Targets_name_stages_or_foreach_and_matrix_groups()
    {
        var graph = Graph("""
            stages:
              prepare:
                cmd: p
              train:
                foreach: [a, b]
                do:
                  cmd: t ${item}
              evaluate:
                cmd: e
            """);
        Assert.Equal(["train@a", "train@b"], Names(graph.Select(["train"])));
        Assert.Equal(["prepare", "train@b"], Names(graph.Select(["train@b", "ml.yaml:prepare"])));
        var e = Assert.Throws<ArgumentException>(() => graph.Select(["evalute"]));
        Assert.Contains("no stage `evalute` in ml.yaml; did you mean `evaluate`?", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => graph.Ancestors("nope"));
    }

    [Fact]
    public void The_graph_of_targets_holds_them_and_their_ancestors()
    {
        var graph = Graph("""
            stages:
              a:
                cmd: a
                outs: [a.out]
              b:
                cmd: b
                deps: [a.out]
                outs: [b.out]
              c:
                cmd: c
                deps: [a.out]
            """);
        var sub = graph.WithAncestors(graph.Select(["b"]));
        Assert.Equal(["a", "b"], Names(sub.Stages));
        Assert.Equal([("a", "b")], sub.Edges.Select(e => (e.From, e.To)).ToArray());
    }
}
