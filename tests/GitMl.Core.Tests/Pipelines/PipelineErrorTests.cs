using GitMl.Core.Pipelines;
using static GitMl.Core.Tests.Pipelines.PipelineText;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>Every way a pipeline file can be wrong: the error names the file, the line and what to do.</summary>
public sealed class PipelineErrorTests
{
    private const string Params = "train:\n  lr: 0.1\n  layers: [64, 32]\ngrp:\n  a: 1\n";

    public static TheoryData<string, int, string> Cases => new()
    {
        { "", 1, "the file is empty" },
        { "- stages\n", 1, "top level must be a mapping" },
        { "stage:\n  train:\n    cmd: x\n", 1, "unknown top-level key `stage`; did you mean `stages`?" },
        { "stages:\n  a:\n    cmd: x\ntrain:\n  cmd: python train.py\n", 4, "it looks like a stage: stages go under `stages:`" },
        { "vars:\n  - a: 1\n", 1, "no `stages:`" },
        { "stages:\n  - train\n", 1, "`stages` must be a mapping" },
        { "stages:\n  train: python train.py\n", 2, "stage `train` must be a mapping" },
        { "stages:\n  train:\n    cmd: x\n    out:\n      - model.pt\n", 4, "unknown key `out`; did you mean `outs`?" },
        { "stages:\n  train:\n    command: x\n", 3, "unknown key `command`; did you mean `cmd`?" },
        { "stages:\n  train:\n    cmd: x\n    dependencies: [a]\n", 4, "did you mean `deps`?" },
        { "stages:\n  train:\n    deps: [a]\n", 2, "stage `train` has no `cmd`" },
        { "stages:\n  train:\n    cmd: ''\n", 3, "`cmd` is empty" },
        { "stages:\n  train:\n    cmd: []\n", 3, "`cmd` is empty" },
        { "stages:\n  train:\n    cmd:\n      run: x\n", 4, "`cmd` must be text, not a mapping" },
        { "stages:\n  train:\n    cmd: x\n    deps: data.csv\n", 4, "write `- data.csv` on its own line" },
        { "stages:\n  train:\n    cmd: x\n    deps:\n      - a.csv\n      - b: c\n", 6, "`deps` must be text" },
        { "stages:\n  train:\n    cmd: x\n    frozen: yes\n", 4, "`frozen` must be true or false, not a string" },
        { "stages:\n  train:\n    cmd: x\n    always_changed: 1\n", 4, "`always_changed` must be true or false" },
        { "stages:\n  train:\n    cmd: x\n    outs:\n      - model.pt:\n          cach: false\n", 6, "unknown option `cach` for `model.pt` in `outs`; did you mean `cache`?" },
        { "stages:\n  train:\n    cmd: x\n    metrics:\n      - m.json:\n          cache: 'no'\n", 6, "must be true or false" },
        { "stages:\n  train:\n    cmd: x\n    outs:\n      - a: {cache: false}\n        b: {cache: false}\n", 5, "names one path" },
        { "stages:\n  train:\n    cmd: x\n    outs:\n      - model.pt: false\n", 5, "the options of `model.pt` must be a mapping" },
        { "stages:\n  train:\n    cmd: x\n    outs:\n      - model.pt:\n          x: epoch\n", 6, "unknown option `x`" },
        { "stages:\n  train:\n    cmd: x\n    params:\n      - [lr]\n", 5, "`params` lists keys of params.yaml" },
        { "stages:\n  train:\n    cmd: x\n    params:\n      - config.yaml: lr\n", 5, "params of `config.yaml` must be a list of keys" },
        { "stages:\n  train:\n    foreach: [a, b]\n", 3, "`foreach` needs `do:`" },
        { "stages:\n  train:\n    do:\n      cmd: x\n", 3, "`do` needs `foreach`" },
        { "stages:\n  train:\n    foreach: [a]\n    cmd: x\n    do:\n      cmd: y\n", 4, "with foreach, `cmd` goes under `do:`" },
        { "stages:\n  train:\n    foreach: [a]\n    matrix: {m: [1]}\n    do:\n      cmd: y\n", 4, "use foreach or matrix, not both" },
        { "stages:\n  train:\n    foreach: [a]\n    do:\n      cmd: y\n      matrix: {m: [1]}\n", 6, "use foreach or matrix, not both" },
        { "stages:\n  train:\n    foreach: 3\n    do:\n      cmd: y\n", 3, "`foreach` takes a list or a mapping" },
        { "stages:\n  train:\n    foreach: ${train.lr}\n    do:\n      cmd: y\n", 3, "`foreach` takes a list or a mapping (or a ${...} naming one), not a float" },
        { "stages:\n  train:\n    foreach: [a]\n    do:\n      foreach: [b]\n      cmd: y\n", 5, "cannot be nested" },
        { "stages:\n  train:\n    foreach: [a]\n    do: python x.py\n", 4, "`do` must hold the stage keys" },
        { "stages:\n  train:\n    matrix: [a, b]\n    cmd: y\n", 3, "`matrix` takes names with lists of values" },
        { "stages:\n  train:\n    matrix:\n      model: cnn\n    cmd: y\n", 4, "matrix `model` must be a list of values" },
        { "stages:\n  train:\n    cmd: python train.py --lr ${trian.lr}\n", 3, "no value named `trian` in vars or params.yaml; did you mean `train`?" },
        { "stages:\n  train:\n    cmd: x\n    deps:\n      - ${train.lrr}\n", 5, "`train` has no `lrr`; did you mean `lr`?" },
        { "stages:\n  train:\n    cmd: x ${train.layers.5}\n", 3, "`train.layers` is a list of 2; `5` is not an index in it" },
        { "stages:\n  train:\n    cmd: x ${train.lr.x}\n", 3, "`train.lr` is a float, it has no `x`" },
        { "stages:\n  train:\n    cmd: python train.py ${train.layers}\n", 3, "`${train.layers}` is a list: only text, numbers and booleans can be substituted in `cmd`" },
        { "stages:\n  train:\n    cmd: x\n    outs:\n      - ${train}\n", 5, "`${train}` is a mapping: only text, numbers and booleans can be substituted in `outs`" },
        { "stages:\n  train:\n    cmd: x ${train..lr}\n", 3, "`${train..lr}` is not a valid expression" },
        { "stages:\n  train:\n    cmd: x ${}\n", 3, "is not a valid expression" },
        { "stages:\n  train:\n    cmd: x ${train[0}\n", 3, "is not a valid expression" },
        { "vars:\n  - a: 1\n  - b: ${a}\nstages:\n  s:\n    cmd: x\n", 3, "`vars` cannot use ${...}" },
        { "vars:\n  - missing.yaml\nstages:\n  s:\n    cmd: x\n", 2, "`missing.yaml` (in vars) does not exist" },
        { "vars:\n  - extra.json:nope\nstages:\n  s:\n    cmd: x\n", 2, "`nope` (in vars `extra.json:nope`) is not a top-level key of `extra.json`" },
        { "vars:\n  - notes.txt\nstages:\n  s:\n    cmd: x\n", 2, "is not a params file" },
        { "vars:\n  - grp:\n      a: 7\nstages:\n  s:\n    cmd: x\n", 2, "`grp.a` from vars[0] is already defined by params.yaml" },
        { "vars:\n  - params.yaml:train\nstages:\n  s:\n    cmd: x\n", 2, "cannot load part of `params.yaml:train`: the whole file is loaded already" },
        { "vars:\n  - extra.json:a\n  - extra.json\nstages:\n  s:\n    cmd: x\n", 3, "cannot load `extra.json` whole" },
        { "vars:\n  - 3\nstages:\n  s:\n    cmd: x\n", 2, "a `vars` entry is a params file name or a mapping" },
        { "vars: params.yaml\nstages:\n  s:\n    cmd: x\n", 1, "`vars` must be a list" },
        { "stages:\n  s:\n    foreach: [a]\n    do:\n      vars:\n        - item: 1\n      cmd: x\n", 6, "`item` is reserved" },
        { "stages:\n  s:\n    wdir: ${dir}\n    vars:\n      - dir: sub\n    cmd: x\n", 3, "no value named `dir`" },
        { "stages:\n  s:\n    vars:\n      - a: 1\n      - a: 2\n    cmd: x\n", 5, "`a` from s.vars[1] is already defined by s.vars[0]" },
        { "stages:\n  s:\n    cmd: x\n  s:\n    cmd: y\n", 4, "not valid YAML: `s` appears twice in the same mapping" },
        { "stages:\n  a@b:\n    cmd: x\n", 2, "`a@b` is not a valid stage name" },
        { "stages:\n  train:\n    cmd: [x\n", 4, "not valid YAML" },
        { "params: params.yaml\nstages:\n  s:\n    cmd: x\n", 1, "top-level `params` must be a list" },
        { "artifacts:\n  model:\n    type: model\nstages:\n  s:\n    cmd: x\n", 2, "artifact `model` needs a `path:`" },
        { "artifacts:\n  model:\n    path: m.pt\n    kind: model\nstages:\n  s:\n    cmd: x\n", 4, "unknown key `kind`" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Errors_name_the_file_the_line_and_the_problem(string yaml, int line, string problem)
    {
        var e = Error(yaml, ("params.yaml", Params), ("extra.json", """{"a": 1}"""), ("notes.txt", "hello"));
        Assert.Equal("ml.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"ml.yaml:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_holding_a_nested_list_cannot_be_unpacked()
    {
        var e = Error("stages:\n  train:\n    cmd: x ${opts}\n", ("params.yaml", "opts:\n  nested: [[1, 2]]\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("cannot unpack `nested` into the command", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_params_file_is_named_with_its_own_line()
    {
        var e = Error("stages:\n  s:\n    cmd: x\n", ("params.yaml", "a: 1\nb: [1,\n"));
        Assert.Equal("params.yaml", e.File);
        Assert.StartsWith("params.yaml:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_params_file_of_a_pipeline_in_a_folder_is_named_from_the_top()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParseAs("sub/ml.yaml", "vars:\n  - conf.json\nstages:\n  s:\n    cmd: x\n", ("conf.json", "{\n  \"a\": \n}")));
        Assert.Equal("sub/conf.json", e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Errors_in_generated_stages_name_the_generated_stage()
    {
        var e = Error("stages:\n  t:\n    foreach: [a, b]\n    do:\n      cmd: run ${item} ${missing}\n");
        Assert.Equal(5, e.Line);
        Assert.StartsWith("stage `t@a`: ", e.Problem, StringComparison.Ordinal);
    }
}
