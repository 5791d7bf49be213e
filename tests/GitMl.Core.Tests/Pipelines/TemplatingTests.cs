using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>The templating examples of DVC's dvc.yaml reference, with the stage names and commands it documents.</summary>
public sealed class TemplatingTests
{
    private const string ModelsParams = """
        models:
          us:
            threshold: 10
            filename: 'model-us.hdf5'
        """;

    [Fact]
    public void Values_from_params_yaml_are_substituted()
    {
        var stage = Parse("""
            stages:
              build-us:
                cmd: >-
                  python train.py
                  --thresh ${models.us.threshold}
                  --out ${models.us.filename}
                outs:
                  - ${models.us.filename}:
                      cache: true
            """, ("params.yaml", ModelsParams)).Stage("build-us");
        Assert.Equal(["python train.py --thresh 10 --out model-us.hdf5"], stage.Commands);
        Assert.Equal(new OutputSpec("model-us.hdf5", OutputKind.Out, true, false, null), Assert.Single(stage.Outs));
    }

    [Fact]
    public void Top_level_vars_are_substituted()
    {
        var stage = Parse("""
            vars:
              - models:
                  us:
                    threshold: 10
              - desc: 'Reusable description'

            stages:
              build-us:
                desc: ${desc}
                cmd: python train.py --thresh ${models.us.threshold}
            """).Stage("build-us");
        Assert.Equal("Reusable description", stage.Description);
        Assert.Equal(["python train.py --thresh 10"], stage.Commands);
    }

    [Fact]
    public void Vars_can_take_some_keys_of_a_params_file()
    {
        var stage = Parse("""
            vars:
              - params.json:clean,feats

            stages:
              featurize:
                cmd: ${feats.exec}
                deps:
                  - ${clean.filename}
                outs:
                  - ${feats.dirname}
            """, ("params.json", """{"clean": {"filename": "clean.csv"}, "feats": {"exec": "python featurize.py", "dirname": "features"}, "other": {"x": 1}}""")).Stage("featurize");
        Assert.Equal(["python featurize.py"], stage.Commands);
        Assert.Equal(["clean.csv"], stage.Deps);
        Assert.Equal("features", Assert.Single(stage.Outs).Path);
    }

    [Fact]
    public void Vars_load_params_files_and_inline_values_in_order()
    {
        var stage = Parse("""
            vars:
              - params.json
              - myvar: 'value'
              - config/myapp.yaml
            stages:
              s:
                cmd: run ${a} ${myvar} ${app.port} ${base}
            """,
            ("params.yaml", "base: 1\n"),
            ("params.json", """{"a": "from-json"}"""),
            ("config/myapp.yaml", "app:\n  port: 8080\n")).Stage("s");
        Assert.Equal(["run from-json value 8080 1"], stage.Commands);
    }

    [Fact]
    public void Stage_vars_add_values_for_that_stage_only()
    {
        var spec = Parse("""
            stages:
              build-us:
                vars:
                  - params.json:build
                  - model:
                      filename: 'model-us.hdf5'
                cmd: python train.py ${build.epochs} --out ${model.filename}
                outs:
                  - ${model.filename}
              other:
                cmd: echo other
            """, ("params.json", """{"build": {"epochs": 5}}"""));
        var stage = spec.Stage("build-us");
        Assert.Equal(["python train.py 5 --out model-us.hdf5"], stage.Commands);
        Assert.Equal("model-us.hdf5", Assert.Single(stage.Outs).Path);

        var e = Error("""
            stages:
              first:
                vars:
                  - model: {filename: m.h5}
                cmd: echo ${model.filename}
              second:
                cmd: echo ${model.filename}
            """);
        Assert.Equal(7, e.Line);
        Assert.Contains("no value named `model`", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_vars_files_are_found_relative_to_wdir()
    {
        var stage = Parse("""
            stages:
              s:
                wdir: sub
                vars: [local.yaml]
                cmd: run ${n}
            """, ("sub/local.yaml", "n: 3\n")).Stage("s");
        Assert.Equal(["run 3"], stage.Commands);
    }

    [Fact]
    public void Mappings_from_several_sources_merge()
    {
        var stage = Parse("""
            vars:
              - grp:
                  b: 2
            stages:
              s:
                cmd: echo ${grp.a} ${grp.b}
            """, ("params.yaml", "grp:\n  a: 1\n")).Stage("s");
        Assert.Equal(["echo 1 2"], stage.Commands);
    }

    [Fact]
    public void Every_expression_form_works()
    {
        var stage = Parse("""
            vars:
              - param: 1
                nested:
                  key: k
                  list: [a, b, c]
            stages:
              s:
                cmd: run ${param} ${nested.key} ${nested.list[0]} ${nested.list.1} ${ nested.list[2] } ${nested.list[-1]}
            """).Stage("s");
        Assert.Equal(["run 1 k a b c c"], stage.Commands);
    }

    [Fact]
    public void A_backslash_keeps_a_dollar_brace_literal()
    {
        var stage = Parse("""
            vars:
              - x: 1
            stages:
              s:
                cmd: echo \${HOME} ${x} \${x}
                desc: \${not substituted}
            """).Stage("s");
        Assert.Equal(["echo ${HOME} 1 ${x}"], stage.Commands);
        Assert.Equal("${not substituted}", stage.Description);
    }

    [Fact]
    public void A_whole_value_substitution_keeps_its_type_and_text_gets_dvc_text()
    {
        var stage = Parse("""
            vars:
              - flag: true
                lr: 0.00001
                ratio: 1.0
                nothing: null
            stages:
              s:
                cmd: train --flag ${flag} --lr ${lr} --ratio ${ratio} --none ${nothing}
                frozen: ${flag}
            """).Stage("s");
        Assert.True(stage.Frozen);
        Assert.Equal(["train --flag true --lr 1e-05 --ratio 1.0 --none None"], stage.Commands);
    }

    // "Dictionary unpacking" in DVC's reference. The documentation shows --foo 'foo'; DVC's code (shlex.quote in
    // dvc/parsing/interpolate.py) quotes only strings that need it, and git-ml follows the code.
    [Fact]
    public void A_mapping_in_cmd_is_unpacked_into_arguments()
    {
        var spec = Parse("""
            stages:
              train:
                cmd: R train.r ${mydict}
              whole:
                cmd: ${mydict}
            """, ("params.yaml", """
            mydict:
              foo: foo
              bar: 1
              bool: true
              off: false
              nested:
                baz: bar
              list: [2, 3, 'qux']
              spaced: two words
            """));
        Assert.Equal(["R train.r --foo foo --bar 1 --bool --nested.baz bar --list 2 3 qux --spaced 'two words'"], spec.Stage("train").Commands);
        Assert.Equal(["--foo foo --bar 1 --bool --nested.baz bar --list 2 3 qux --spaced 'two words'"], spec.Stage("whole").Commands);
    }

    [Fact]
    public void Foreach_over_a_list_of_values_names_stages_by_value()
    {
        var spec = Parse("""
            stages:
              cleanups:
                foreach: # List of simple values
                  - raw1
                  - labels1
                  - raw2
                do:
                  cmd: clean.py "${item}"
                  outs:
                    - ${item}.cln
            """);
        Assert.Equal(["cleanups@raw1", "cleanups@labels1", "cleanups@raw2"], spec.Stages.Select(s => s.Name));
        Assert.Equal(["clean.py \"labels1\""], spec.Stage("cleanups@labels1").Commands);
        Assert.Equal("raw2.cln", Assert.Single(spec.Stage("cleanups@raw2").Outs).Path);
        Assert.All(spec.Stages, s => Assert.Equal(2, s.Line));
    }

    [Fact]
    public void Foreach_over_a_list_of_mappings_names_stages_by_index()
    {
        var spec = Parse("""
            stages:
              train:
                foreach:
                  - epochs: 3
                    thresh: 10
                  - epochs: 10
                    thresh: 15
                do:
                  cmd: python train.py ${item.epochs} ${item.thresh}
            """);
        Assert.Equal(["train@0", "train@1"], spec.Stages.Select(s => s.Name));
        Assert.Equal(["python train.py 3 10"], spec.Stage("train@0").Commands);
        Assert.Equal(["python train.py 10 15"], spec.Stage("train@1").Commands);
    }

    [Fact]
    public void Foreach_over_a_mapping_names_stages_by_key()
    {
        var spec = Parse("""
            stages:
              build:
                foreach:
                  uk:
                    epochs: 3
                    thresh: 10
                  us:
                    epochs: 10
                    thresh: 15
                do:
                  cmd: python train.py '${key}' ${item.epochs} ${item.thresh}
                  outs:
                    - model-${key}.hdfs
            """);
        Assert.Equal(["build@uk", "build@us"], spec.Stages.Select(s => s.Name));
        Assert.Equal(["python train.py 'uk' 3 10"], spec.Stage("build@uk").Commands);
        Assert.Equal("model-uk.hdfs", Assert.Single(spec.Stage("build@uk").Outs).Path);
        Assert.Equal(["python train.py 'us' 10 15"], spec.Stage("build@us").Commands);
    }

    [Fact]
    public void Foreach_can_loop_over_a_mapping_from_params_yaml()
    {
        var spec = Parse("""
            stages:
              mystages:
                foreach: ${myobject} # From params.yaml
                do:
                  cmd: ./script.py ${key} ${item.prop1}
                  outs:
                    - ${item.prop2}
            """, ("params.yaml", "myobject:\n  a:\n    prop1: 1\n    prop2: out-a\n  b:\n    prop1: 2\n    prop2: out-b\n"));
        Assert.Equal(["mystages@a", "mystages@b"], spec.Stages.Select(s => s.Name));
        Assert.Equal(["./script.py b 2"], spec.Stage("mystages@b").Commands);
        Assert.Equal("out-b", Assert.Single(spec.Stage("mystages@b").Outs).Path);
    }

    [Fact]
    public void Foreach_names_use_dvc_text_for_values_and_generate_one_stage_per_distinct_name()
    {
        var spec = Parse("""
            stages:
              s:
                foreach: [1, 0.5, true, 1e-5, a, a]
                do:
                  cmd: run ${item}
            """);
        Assert.Equal(["s@1", "s@0.5", "s@true", "s@1e-05", "s@a"], spec.Stages.Select(s => s.Name));
    }

    [Fact]
    public void Matrix_generates_every_combination()
    {
        var spec = Parse("""
            stages:
              train:
                matrix:
                  model: [cnn, xgb]
                  feature: [feature1, feature2, feature3]
                cmd: ./train.py --feature ${item.feature} ${item.model}
                outs:
                  - ${item.model}.pkl
            """);
        Assert.Equal(
            ["train@cnn-feature1", "train@cnn-feature2", "train@cnn-feature3", "train@xgb-feature1", "train@xgb-feature2", "train@xgb-feature3"],
            spec.Stages.Select(s => s.Name));
        Assert.Equal(["./train.py --feature feature2 xgb"], spec.Stage("train@xgb-feature2").Commands);
        Assert.Equal("xgb.pkl", Assert.Single(spec.Stage("train@xgb-feature2").Outs).Path);
    }

    // The documentation says the names "may look like train@labels0-config0"; DVC's code joins the fragments in
    // the order the matrix lists its names, so config comes first. git-ml follows the code.
    [Fact]
    public void Matrix_names_lists_and_mappings_by_name_and_index()
    {
        var spec = Parse("""
            stages:
              train:
                matrix:
                  config:
                    - n_estimators: 150
                      max_depth: 20
                    - n_estimators: 120
                      max_depth: 30
                  labels:
                    - [label1, label2, label3]
                    - [labelX, labelY, labelZ]
                cmd: train ${item.config.n_estimators} ${item.labels[2]} ${key}
            """);
        Assert.Equal(["train@config0-labels0", "train@config0-labels1", "train@config1-labels0", "train@config1-labels1"], spec.Stages.Select(s => s.Name));
        Assert.Equal(["train 120 labelZ config1-labels1"], spec.Stage("train@config1-labels1").Commands);
    }

    // The example of DVC's matrix pull request (iterative/dvc#9725): a mapping value is unpacked in cmd.
    [Fact]
    public void Matrix_mixes_plain_and_composite_values()
    {
        var spec = Parse("""
            stages:
              stage1:
                matrix:
                  os: [windows, linux, macos]
                  pyv: ["3.9", "3.10", "3.11"]
                  dict:
                  - arg1: 1
                  - arg2: 2
                  lst:
                  - [1, 2]
                  - [3, 4]
                cmd: echo ${item.os} ${item.pyv} ${item.dict} ${item.lst.0} ${item.lst.1}
            """);
        Assert.Equal(36, spec.Stages.Count);
        Assert.Equal("stage1@windows-3.9-dict0-lst0", spec.Stages[0].Name);
        Assert.Equal(["echo linux 3.10 --arg2 2 3 4"], spec.Stage("stage1@linux-3.10-dict1-lst1").Commands);
    }

    [Fact]
    public void Matrix_values_can_come_from_params()
    {
        var spec = Parse("""
            stages:
              preprocess:
                matrix:
                  processor: ${processors}
                  dataset: ${datasets}

                cmd: ./preprocess.py ${item.dataset} ${item.processor}
                deps:
                - ${item.dataset}
                outs:
                - ${item.dataset}-${item.processor}.json
            """, ("params.yaml", "datasets: [dataset1/, dataset2/]\nprocessors: [processor1, processor2]\n"));
        Assert.Equal(
            ["preprocess@processor1-dataset1/", "preprocess@processor1-dataset2/", "preprocess@processor2-dataset1/", "preprocess@processor2-dataset2/"],
            spec.Stages.Select(s => s.Name));
        var stage = spec.Stage("preprocess@processor2-dataset1/");
        Assert.Equal(["./preprocess.py dataset1/ processor2"], stage.Commands);
        Assert.Equal(["dataset1/"], stage.Deps);
        Assert.Equal("dataset1/-processor2.json", Assert.Single(stage.Outs).Path);
    }

    [Fact]
    public void Item_and_key_hide_vars_of_the_same_name_for_generated_stages_only()
    {
        var spec = Parse("""
            vars:
              - item: global
            stages:
              loop:
                foreach: [a]
                do:
                  cmd: echo ${item}
              plain:
                cmd: echo ${item}
            """);
        Assert.Equal(["echo a"], spec.Stage("loop@a").Commands);
        Assert.Equal(["echo global"], spec.Stage("plain").Commands);
    }
}
