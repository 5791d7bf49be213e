using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

public sealed class PipelineParserTests
{
    [Fact]
    public void The_seed_pipeline_reads_completely()
    {
        var spec = ParseAs("dvc.yaml", Seed, ("params.yaml", SeedParams));
        Assert.Equal("dvc.yaml", spec.FilePath);
        Assert.Equal(["prepare", "train"], spec.Stages.Select(s => s.Name));

        var prepare = spec.Stage("prepare");
        Assert.Equal(["python src/prepare.py"], prepare.Commands);
        Assert.Equal(".", prepare.WorkingDirectory);
        Assert.Equal(["data/raw/customer_data.csv", "src/prepare.py"], prepare.Deps);
        Assert.Equal(["data/processed/train.csv", "data/processed/test.csv"], prepare.Outs.Select(o => o.Path));
        Assert.All(prepare.Outs, o => Assert.Equal(new OutputSpec(o.Path, OutputKind.Out, Cache: true, Persist: false, Description: null), o));
        var prepareParams = Assert.Single(prepare.Params);
        Assert.Equal("params.yaml", prepareParams.File);
        Assert.Equal(["prepare.train_split"], prepareParams.Keys);
        Assert.Equal(2, prepare.Line);

        var train = spec.Stage("train");
        Assert.Equal(13, train.Line);
        Assert.Equal(["data/processed/train.csv", "src/train.py"], train.Deps);
        Assert.Equal(["train.learning_rate", "train.epochs"], Assert.Single(train.Params).Keys);
        Assert.Equal(
            [new OutputSpec("models/model.pkl", OutputKind.Out, true, false, null), new OutputSpec("metrics/metrics.json", OutputKind.Metric, false, false, null)],
            train.Outs);
        Assert.Equal("metrics/metrics.json", Assert.Single(train.Metrics).Path);
        Assert.False(train.Frozen);
        Assert.False(train.AlwaysChanged);
        Assert.Null(train.Description);
        Assert.Null(train.Meta);
    }

    [Fact]
    public void A_list_of_commands_is_kept_in_order()
    {
        var stage = Parse("""
            stages:
              build:
                cmd:
                  - python fetch.py
                  - python build.py --fast
            """).Stage("build");
        Assert.Equal(["python fetch.py", "python build.py --fast"], stage.Commands);
        Assert.Equal("python fetch.py\npython build.py --fast", stage.CommandText);
    }

    // The documented example of the params field (dvc.yaml reference, "Parameters").
    [Fact]
    public void Params_take_every_documented_form_and_merge_by_file()
    {
        var stage = Parse("""
            stages:
              preprocess:
                cmd: bin/cleanup raw.txt clean.txt
                deps:
                  - raw.txt
                params:
                  - threshold # track specific param (from params.yaml)
                  - nn.batch_size
                  - myparams.yaml: # track specific params from custom file
                      - epochs
                  - config.json: # track all parameters in this file
                outs:
                  - clean.txt
            """).Stage("preprocess");
        Assert.Equal(["params.yaml", "myparams.yaml", "config.json"], stage.Params.Select(p => p.File));
        Assert.Equal(["threshold", "nn.batch_size"], stage.Params[0].Keys);
        Assert.Equal(["epochs"], stage.Params[1].Keys);
        Assert.True(stage.Params[2].WholeFile);
    }

    [Fact]
    public void A_whole_params_file_wins_over_keys_listed_for_it_and_keys_are_listed_once()
    {
        var stage = Parse("""
            stages:
              s:
                cmd: run
                params:
                  - lr
                  - lr
                  - params.yaml:
                  - other.yaml: [a, b]
                  - other.yaml: [b, c]
                  - third.toml: []
            """).Stage("s");
        Assert.Equal(["params.yaml", "other.yaml", "third.toml"], stage.Params.Select(p => p.File));
        Assert.True(stage.Params[0].WholeFile);
        Assert.Equal(["a", "b", "c"], stage.Params[1].Keys);
        Assert.True(stage.Params[2].WholeFile);
    }

    [Fact]
    public void Every_stage_field_reads()
    {
        var stage = Parse("""
            stages:
              train:
                desc: Train the model
                wdir: training
                cmd: python train.py
                deps: [data.csv]
                outs:
                  - model.pt:
                      persist: true
                      desc: The trained weights
                      remote: models
                      push: true
                      type: model
                      labels: [cnn]
                  - logs/:
                      cache: false
                metrics:
                  - scores.json:
                      cache: false
                plots:
                  - auc.json:
                      cache: false
                      template: linear
                      x: fpr
                      y: tpr
                  - loss.csv
                frozen: true
                always_changed: true
                meta:
                  owner: ada  # who to ask
                  tags: [nightly]
            """).Stage("train");
        Assert.Equal("Train the model", stage.Description);
        Assert.Equal("training", stage.WorkingDirectory);
        Assert.Equal(["data.csv"], stage.Deps);
        Assert.Equal(
            [
                new OutputSpec("model.pt", OutputKind.Out, true, true, "The trained weights"),
                new OutputSpec("logs/", OutputKind.Out, false, false, null),
                new OutputSpec("scores.json", OutputKind.Metric, false, false, null),
                new OutputSpec("auc.json", OutputKind.Plot, false, false, null),
                new OutputSpec("loss.csv", OutputKind.Plot, true, false, null),
            ],
            stage.Outs);
        Assert.True(stage.Frozen);
        Assert.True(stage.AlwaysChanged);
        Assert.Equal("owner: ada  # who to ask\ntags: [nightly]", stage.Meta);
    }

    [Fact]
    public void Outputs_are_listed_outs_then_metrics_then_plots_whatever_the_key_order()
    {
        var stage = Parse("""
            stages:
              s:
                plots: [p.csv]
                metrics: [m.json]
                cmd: run
                outs: [o.bin]
            """).Stage("s");
        Assert.Equal(["o.bin", "m.json", "p.csv"], stage.Outs.Select(o => o.Path));
    }

    [Fact]
    public void Numbers_written_as_paths_are_kept_as_written()
    {
        var stage = Parse("stages:\n  s:\n    cmd: run\n    deps: [2024, 1.10]\n").Stage("s");
        Assert.Equal(["2024", "1.10"], stage.Deps);
    }

    [Fact]
    public void Top_level_sections_besides_stages_are_accepted()
    {
        var spec = Parse("""
            params:
              - params.yaml
            metrics:
              - metrics.json
            plots:
              - roc.json
              - train_val_test:
                  y:
                    train.csv: [train_acc, val_acc]
                    test.csv: test_acc
                  x: epoch
              - confusion:
            artifacts:
              cv-classification:
                path: models/resnet.pt
                type: model
                desc: CV classification model, ResNet50
                labels: [resnet50, classification]
                meta:
                  framework: pytorch
            stages:
              train:
                cmd: python train.py
            """);
        Assert.Equal(["train"], spec.Stages.Select(s => s.Name));
    }

    [Fact]
    public void A_file_with_only_plots_has_no_stages() =>
        Assert.Empty(Parse("plots:\n  - metrics.json\n").Stages);

    [Fact]
    public void Empty_stages_is_an_empty_pipeline() =>
        Assert.Empty(Parse("stages:\n").Stages);

    [Fact]
    public void The_pipeline_folder_is_the_files_folder()
    {
        var spec = ParseAs("sub/dir/dvc.yaml", "stages:\n  s:\n    cmd: echo ${x}\n", ("params.yaml", "x: 1\n"));
        Assert.Equal("sub/dir/dvc.yaml", spec.FilePath);
        Assert.Equal(["echo 1"], spec.Stage("s").Commands);
    }

    [Theory]
    [InlineData("    meta: {owner: ada, tags: [a, b]}\n    desc: d\n", "{owner: ada, tags: [a, b]}")]
    [InlineData("    meta: 'quoted text'\n", "'quoted text'")]
    [InlineData("    meta:\n    - one\n    - two: 2\n      three: 3\n    desc: d\n", "- one\n- two: 2\n  three: 3")]
    [InlineData("    meta:\n      a:\n        b: 1\n\n      c: 2   \n      # trailing comment\n  other:\n    cmd: y\n", "a:\n  b: 1\n\nc: 2")]
    public void Meta_is_kept_as_written(string metaLines, string expected)
    {
        var spec = Parse("stages:\n  s:\n    cmd: x\n" + metaLines);
        Assert.Equal(expected, spec.Stage("s").Meta);
    }
}
