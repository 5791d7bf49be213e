using GitMl.Core.Metrics;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Metrics;

public sealed class DeclaredFilesTests
{
    private static DeclaredFiles Declared(string yaml) =>
        DeclaredFiles.From(PipelineParser.Parse(yaml, "ml.yaml", _ => null));

    [Fact]
    public void Stage_metrics_and_top_level_metrics_are_declared_relative_to_the_top()
    {
        var declared = Declared("""
            metrics:
            - live/metrics.json
            stages:
              train:
                cmd: python train.py
                wdir: src
                params:
                - train.lr
                - config.toml:
                metrics:
                - ../eval/scores.yaml:
                    cache: false
            """);
        Assert.Equal(["eval/scores.yaml", "live/metrics.json"], declared.Metrics);
        Assert.Equal(["src/params.yaml", "src/config.toml"], declared.Params.Select(p => p.File));
        Assert.Equal(["train.lr"], declared.Params[0].Keys);
        Assert.True(declared.Params[1].WholeFile);
    }

    [Fact]
    public void Params_diff_reads_params_yaml_and_whole_declared_files_unless_deps()
    {
        var declared = Declared("""
            params:
            - extra.json
            stages:
              a:
                cmd: x
                params:
                - train.lr
              b:
                cmd: y
                params:
                - train.epochs
            """);
        Assert.Equal(["params.yaml", "extra.json"], ValueSources.Declared([declared], ValueKind.Params, depsOnly: false).Select(p => p.File));
        var deps = ValueSources.Declared([declared], ValueKind.Params, depsOnly: true);
        Assert.Equal(["train.lr", "train.epochs"], deps.Single(p => p.File == "params.yaml").Keys);
        Assert.True(deps.Single(p => p.File == "extra.json").WholeFile);
    }

    [Fact]
    public void Metrics_of_several_revisions_are_united()
    {
        var old = Declared("stages:\n  t:\n    cmd: x\n    metrics:\n    - a.json\n");
        var now = Declared("stages:\n  t:\n    cmd: x\n    metrics:\n    - a.json\n    - b.json\n");
        Assert.Equal(["a.json", "b.json"], ValueSources.Declared([old, now], ValueKind.Metrics, false).Select(p => p.File));
    }
}
