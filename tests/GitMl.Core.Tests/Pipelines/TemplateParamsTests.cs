using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// Values a stage uses through ${...} from params files are that stage's params, as DVC tracks them
/// (dvc/parsing/context.py, Context.track): simple values by their key, a mapping unpacked into cmd by each value in
/// it, a list as one value; inline vars, item and key are not params.
/// </summary>
public sealed class TemplateParamsTests
{
    private const string TrainParams = """
        train:
          lr: 0.1
          epochs: 5
          layers: [64, 32]
        prepare:
          split: 0.2
        """;

    private static IEnumerable<(string File, string Key)> Keys(StageSpec stage) =>
        stage.Params.SelectMany(p => p.Keys.Select(k => (p.File, k)));

    [Fact]
    public void Values_used_in_cmd_are_params_of_the_stage()
    {
        var stage = Parse("""
            stages:
              train:
                cmd: python train.py --lr ${train.lr} --epochs ${train.epochs}
            """, ("params.yaml", TrainParams)).Stage("train");
        Assert.Equal([("params.yaml", "train.lr"), ("params.yaml", "train.epochs")], Keys(stage));
        Assert.Equal(stage.Params, stage.ParamsFromTemplates);
    }

    [Fact]
    public void Declared_params_come_first_and_are_not_listed_twice()
    {
        var stage = Parse("""
            stages:
              train:
                cmd: python train.py --lr ${train.lr} --split ${prepare.split}
                params:
                  - train.lr
            """, ("params.yaml", TrainParams)).Stage("train");
        Assert.Equal([("params.yaml", "train.lr"), ("params.yaml", "prepare.split")], Keys(stage));
        Assert.Equal([("params.yaml", "prepare.split")], stage.ParamsFromTemplates.SelectMany(p => p.Keys.Select(k => (p.File, k))));
        Assert.Single(stage.Params);
    }

    [Fact]
    public void A_declared_mapping_or_whole_file_covers_the_values_in_it()
    {
        var byMapping = Parse("""
            stages:
              train:
                cmd: python train.py --lr ${train.lr}
                params:
                  - train
            """, ("params.yaml", TrainParams)).Stage("train");
        Assert.Equal([("params.yaml", "train")], Keys(byMapping));
        Assert.Empty(byMapping.ParamsFromTemplates);

        var whole = Parse("""
            stages:
              train:
                cmd: python train.py --lr ${train.lr}
                params:
                  - params.yaml:
            """, ("params.yaml", TrainParams)).Stage("train");
        Assert.True(Assert.Single(whole.Params).WholeFile);
        Assert.Empty(whole.ParamsFromTemplates);
    }

    [Fact]
    public void A_mapping_unpacked_into_cmd_uses_every_value_in_it_and_a_list_is_one_value()
    {
        var stage = Parse("""
            stages:
              train:
                cmd: python train.py ${train}
                outs:
                  - model-${train.layers[0]}.pkl
            """, ("params.yaml", TrainParams)).Stage("train");
        Assert.Equal([("params.yaml", "train.lr"), ("params.yaml", "train.epochs"), ("params.yaml", "train.layers")], Keys(stage));
    }

    [Fact]
    public void Inline_vars_item_and_key_are_not_params_but_values_from_vars_files_are()
    {
        var spec = Parse("""
            vars:
              - config/extra.yaml
              - inline:
                  threads: 4
            stages:
              train:
                foreach:
                  us: 1
                  eu: 2
                do:
                  cmd: python train.py --region ${key} --n ${item} --threads ${inline.threads} --seed ${extra.seed} --lr ${train.lr}
            """, ("params.yaml", TrainParams), ("config/extra.yaml", "extra:\n  seed: 7\n"));
        foreach (string name in (string[])["train@us", "train@eu"])
        {
            Assert.Equal([("config/extra.yaml", "extra.seed"), ("params.yaml", "train.lr")], Keys(spec.Stage(name)).OrderBy(k => k.File));
        }
    }

    [Fact]
    public void Params_files_are_named_from_the_stage_wdir_as_declared_params_are()
    {
        var spec = Parse("""
            stages:
              train:
                wdir: src
                vars:
                  - local.yaml
                cmd: python train.py --lr ${train.lr} --depth ${tree.depth}
            """, ("params.yaml", TrainParams), ("src/local.yaml", "tree:\n  depth: 3\n"));
        Assert.Equal([("../params.yaml", "train.lr"), ("local.yaml", "tree.depth")], Keys(spec.Stage("train")));
    }

    [Fact]
    public void Values_merged_from_two_files_are_each_tracked_by_the_file_they_came_from()
    {
        var stage = Parse("""
            vars:
              - more.yaml
            stages:
              train:
                cmd: python train.py ${train}
            """, ("params.yaml", "train:\n  lr: 0.1\n"), ("more.yaml", "train:\n  momentum: 0.9\n")).Stage("train");
        Assert.Equal([("params.yaml", "train.lr"), ("more.yaml", "train.momentum")], Keys(stage));
    }

    [Fact]
    public void A_stage_without_templates_has_only_its_declared_params()
    {
        var stage = Parse(Seed, ("params.yaml", SeedParams)).Stage("train");
        Assert.Equal([("params.yaml", "train.learning_rate"), ("params.yaml", "train.epochs")], Keys(stage));
        Assert.Empty(stage.ParamsFromTemplates);
    }
}
