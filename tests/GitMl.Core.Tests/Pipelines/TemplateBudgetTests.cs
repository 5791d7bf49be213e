using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// A small pipeline file must not expand to gigabytes through foreach, matrix, vars or ${...} (TemplateBudget): the
/// expansion is refused with the stage and its line, before it is built.
/// </summary>
public sealed class TemplateBudgetTests
{
    [Fact]
    public void A_matrix_of_64_million_stages_is_refused_before_one_is_built()
    {
        string values = "[" + string.Join(", ", Enumerable.Range(0, 20)) + "]";
        var e = PipelineText.Error($$"""
            stages:
              train:
                matrix: {a: {{values}}, b: {{values}}, c: {{values}}, d: {{values}}, e: {{values}}, f: {{values}}}
                cmd: echo ${item.a}
            """);
        Assert.Equal(3, e.Line);
        Assert.Contains("stage `train`", e.Problem, StringComparison.Ordinal);
        Assert.Contains("1,000,000 values", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreach_over_a_large_params_list_does_not_copy_params_into_every_stage()
    {
        // 3,000 stages over a context of 3,000 values: 9 million values if each stage copied the context.
        string list = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"  - {i}"));
        var spec = PipelineText.Parse("""
            stages:
              shard:
                foreach: ${shards}
                do:
                  cmd: echo ${item}
            """, ("params.yaml", "shards:\n" + list + "\n"));
        Assert.Equal(3000, spec.Stages.Count);
        Assert.Equal("echo 2999", spec.Stage("shard@2999").Commands.Single());
    }

    [Fact]
    public void A_command_repeating_a_long_value_is_refused()
    {
        string cmd = string.Concat(Enumerable.Repeat("${blob} ", 100));
        var e = PipelineText.Error($"""
            stages:
              s:
                cmd: {cmd}
            """, ("params.yaml", "blob: " + new string('x', 100_000) + "\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("characters of text", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_copying_a_large_value_into_every_combination_is_refused()
    {
        // 2,000 combinations, each with its own copy of a 1,000-value mapping: 2 million values.
        string big = "big:\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"  k{i}: {i}\n"));
        string numbers = "[" + string.Join(", ", Enumerable.Range(0, 1000)) + "]";
        var e = PipelineText.Error($$"""
            stages:
              s:
                matrix:
                  config: ["${big}", "${big}"]
                  n: {{numbers}}
                cmd: echo ${key}
            """, ("params.yaml", big));
        Assert.Equal(3, e.Line);
        Assert.Contains("stage `s`", e.Problem, StringComparison.Ordinal);
        Assert.Contains("1,000,000 values", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Stage_vars_extending_a_params_mapping_see_both_and_leave_other_stages_alone()
    {
        var spec = PipelineText.Parse("""
            stages:
              a:
                vars:
                  - train: {extra: 1}
                cmd: echo ${train.lr} ${train.extra}
              b:
                cmd: echo ${train.lr}
            """, ("params.yaml", "train:\n  lr: 0.1\n"));
        Assert.Equal("echo 0.1 1", spec.Stage("a").Commands.Single());
        Assert.Equal("echo 0.1", spec.Stage("b").Commands.Single());
        var e = PipelineText.Error("""
            stages:
              a:
                vars:
                  - train: {lr: 2}
                cmd: echo ${train.lr}
            """, ("params.yaml", "train:\n  lr: 0.1\n"));
        Assert.Contains("`train.lr` from a.vars[0] is already defined by params.yaml", e.Problem, StringComparison.Ordinal);
    }
}
