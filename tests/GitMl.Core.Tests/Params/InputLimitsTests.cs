using System.Text;
using GitMl.Core.Import;
using GitMl.Core.Locks;
using GitMl.Core.Merge;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;
using GitMl.Core.Tests.Pipelines;

namespace GitMl.Core.Tests.Params;

/// <summary>
/// Hostile input for every parser of repository files: alias bombs, deep nesting, huge files and numbers. Each is
/// refused with an error naming the file and line, long before it costs memory, time or the stack (InputLimits).
/// </summary>
public sealed class InputLimitsTests
{
    /// <summary>
    /// "Billion laughs": each line is an anchored list of <paramref name="width"/> aliases of the line before, so line
    /// k+1 stands for about width^(k+1) values. 10 wide, line 6 passes a million: 600 bytes for 1.1 million values.
    /// </summary>
    internal static string AliasBomb(int levels = 5, int width = 10)
    {
        var sb = new StringBuilder();
        sb.Append("a0: &a0 [").AppendJoin(", ", Enumerable.Repeat("\"x\"", width)).Append("]\n");
        for (int level = 1; level <= levels; level++)
        {
            sb.Append($"a{level}: &a{level} [").AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", width)).Append("]\n");
        }
        return sb.ToString();
    }

    private static void AssertBomb(PipelineFormatException e, string file, int line)
    {
        Assert.Equal(file, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains("alias", e.Problem, StringComparison.Ordinal);
        Assert.Contains("1,000,000", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_in_a_params_file_is_refused_at_the_line_it_explodes()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(AliasBomb(), "params.yaml"));
        AssertBomb(e, "params.yaml", 6);
    }

    [Fact]
    public void An_alias_bomb_in_a_pipeline_file_is_refused()
    {
        AssertBomb(PipelineText.Error(AliasBomb()), "ml.yaml", 6);
    }

    [Fact]
    public void An_alias_bomb_in_the_params_file_a_pipeline_loads_is_refused()
    {
        AssertBomb(PipelineText.Error(PipelineText.Seed, ("params.yaml", AliasBomb())), "params.yaml", 6);
    }

    [Fact]
    public void An_alias_bomb_in_a_lock_file_is_refused()
    {
        AssertBomb(Assert.Throws<PipelineFormatException>(() => LockFileReader.Read("schema: '2.0'\n" + AliasBomb(), "dvc.lock")), "dvc.lock", 7);
    }

    [Fact]
    public void An_alias_bomb_in_a_dvc_file_is_refused()
    {
        AssertBomb(Assert.Throws<PipelineFormatException>(() => DvcFileParser.Parse(AliasBomb() + "outs:\n- path: data\n", "data.dvc")), "data.dvc", 6);
    }

    [Fact]
    public void An_alias_bomb_in_a_params_file_being_merged_falls_back_with_its_reason()
    {
        var e = Assert.Throws<ParamsMergeException>(() => ParamsOutline.Parse(AliasBomb(), "params.yaml"));
        Assert.Contains("params.yaml:6:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_within_the_limit_still_read()
    {
        var tree = ParamsFile.Parse(AliasBomb(levels: 3), "params.yaml");
        Assert.Equal(10, tree["a3"]!.AsArray().Count);
        Assert.Equal("x", tree["a3"]![9]![9]![9]![9]!.GetValue<string>());
    }

    [Fact]
    public void An_alias_inside_the_value_it_names_is_refused()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse("a: &a\n  b: [1, *a]\n", "params.yaml"));
        Assert.Equal(2, e.Line);
        Assert.Contains("*a", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_nest_too_deeply_are_refused()
    {
        // Each line nests the previous one a level deeper: 130 levels from 130 short lines.
        var sb = new StringBuilder("l0: &l0 [x]\n");
        for (int i = 1; i < 130; i++)
        {
            sb.Append($"l{i}: &l{i} [*l{i - 1}]\n");
        }
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(sb.ToString(), "params.yaml"));
        Assert.Contains("128 levels", e.Problem, StringComparison.Ordinal);
        Assert.Equal(127, e.Line); // l126 is 128 levels high, and it is inside the top-level mapping
    }

    public static TheoryData<string, string> DeepNesting => new()
    {
        { "params.yaml", "a: " + new string('[', 100_000) },
        { "params.yaml", "a:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + "b:\n")) },
        { "params.json", "{\"a\": " + new string('[', 100_000) },
        { "params.json", "{\"a\":\n" + string.Concat(Enumerable.Repeat("[\n", 200)) },
        { "params.toml", "a = " + new string('[', 100_000) },
        { "params.toml", "a = " + string.Concat(Enumerable.Repeat("{b = ", 100_000)) },
        { "params.toml", "[" + string.Join('.', Enumerable.Repeat("t", 200)) + "]\n" },
        { "params.toml", string.Join('.', Enumerable.Repeat("k", 200)) + " = 1\n" },
    };

    [Theory]
    [MemberData(nameof(DeepNesting))]
    public void Deep_nesting_is_refused_without_overflowing_the_stack(string file, string text)
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(text, file));
        Assert.Equal(file, e.File);
        Assert.NotNull(e.Line);
        Assert.Contains("nested more than 128 levels", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_reads()
    {
        Assert.NotNull(ParamsFile.Parse("a: " + new string('[', 127) + new string(']', 127), "params.yaml"));
        Assert.NotNull(ParamsFile.Parse("{\"a\": " + new string('[', 127) + new string(']', 127) + "}", "params.json"));
        Assert.NotNull(ParamsFile.Parse("a = " + new string('[', 127) + new string(']', 127), "params.toml"));
    }

    [Theory]
    [InlineData("params.yaml", "a: [", ", ", "]")]
    [InlineData("params.json", "{\"a\": [", ", ", "]}")]
    [InlineData("params.toml", "a = [", ", ", "]")]
    public void More_values_than_the_limit_are_refused(string file, string head, string separator, string tail)
    {
        string text = head + string.Join(separator, Enumerable.Repeat("0", InputLimits.MaxNodes)) + tail;
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(text, file));
        Assert.Contains("more than 1,000,000 values", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("params.yaml")]
    [InlineData("params.json")]
    [InlineData("params.toml")]
    public void A_file_larger_than_the_limit_is_refused_before_parsing(string file)
    {
        string text = file.EndsWith(".json", StringComparison.Ordinal) ? "{\"a\": \"" + new string('x', InputLimits.MaxChars) + "\"}" : "a = 1 #" + new string('x', InputLimits.MaxChars);
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(text, file));
        Assert.Equal(file, e.File);
        Assert.Contains("8.0 MiB", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("params.yaml", "a: {0}")]
    [InlineData("params.yaml", "a: !!int {0}")]
    [InlineData("params.yaml", "a: 0x{0}")]
    [InlineData("params.json", "{{\"a\": {0}}}")]
    [InlineData("params.toml", "a = {0}")]
    public void Integers_longer_than_pythons_limit_are_refused(string file, string template)
    {
        string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "1" + new string('0', 100_000));
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(text, file));
        Assert.Contains("4,300 digits", e.Problem, StringComparison.Ordinal);
        Assert.NotNull(ParamsFile.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "1" + new string('0', 4299)), file));
    }

    [Fact]
    public void A_json_syntax_error_is_told_in_our_words_with_line_and_column()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse("{\n  \"a\": 1,\n  \"b\": ]\n}", "params.json"));
        Assert.Equal(3, e.Line);
        Assert.Equal("not valid JSON here (column 8): check the brackets, commas and quotes", e.Problem);
    }

    [Theory]
    [InlineData("1.")]
    [InlineData("+.5")]
    [InlineData("00.5")]
    public void Lock_file_numbers_json_cannot_spell_are_read_as_their_value(string number)
    {
        var lockFile = LockFileReader.Read($"schema: '2.0'\nstages:\n  s:\n    cmd: x\n    params:\n      params.yaml:\n        a: {number}\n", "dvc.lock");
        Assert.Equal(double.Parse(number, System.Globalization.CultureInfo.InvariantCulture), lockFile.Stages["s"].Params["params.yaml"]["a"]!.GetValue<double>());
    }

    [Fact]
    public void A_lock_file_size_that_is_not_a_number_names_the_line()
    {
        var e = Assert.Throws<PipelineFormatException>(() => LockFileReader.Read("schema: '2.0'\nstages:\n  s:\n    cmd: x\n    outs:\n    - path: m\n      size: big\n", "dvc.lock"));
        Assert.Equal(7, e.Line);
        Assert.Contains("'size' must be a whole number", e.Problem, StringComparison.Ordinal);
    }
}
