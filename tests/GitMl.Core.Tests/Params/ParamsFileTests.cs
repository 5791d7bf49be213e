using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Params;

public sealed class ParamsFileTests
{
    // The seed's params.yaml.
    private const string SeedParams = """
        prepare:
          train_split: 0.8

        train:
          learning_rate: 0.001
          epochs: 50
          batch_size: 32
        """;

    private static JsonNode? Get(JsonObject tree, string key) =>
        ParamTree.TryGet(tree, key, out var value) ? value : throw new KeyNotFoundException(key);

    [Fact]
    public void The_seed_params_file_reads_with_its_types()
    {
        var tree = ParamsFile.Parse(SeedParams, "params.yaml");
        Assert.True(ParamValues.IsFloat(Get(tree, "prepare.train_split")));
        Assert.Equal("0.8", PythonText.Str(Get(tree, "prepare.train_split")));
        Assert.Equal("0.001", PythonText.Str(Get(tree, "train.learning_rate")));
        Assert.True(ParamValues.IsInteger(Get(tree, "train.epochs")));
        Assert.Equal(50, Get(tree, "train.epochs")!.GetValue<long>());
        Assert.Equal(["prepare.train_split", "train.learning_rate", "train.epochs", "train.batch_size"], ParamTree.Flatten(tree).Keys);
    }

    // YAML 1.2 core schema, as ruamel.yaml (DVC's loader) reads it; "yes", "on" and 1_000 are YAML 1.1 only.
    [Theory]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("", "null")]
    [InlineData("true", "a boolean")]
    [InlineData("False", "a boolean")]
    [InlineData("yes", "a string")]
    [InlineData("on", "a string")]
    [InlineData("42", "an integer")]
    [InlineData("-7", "an integer")]
    [InlineData("017", "an integer")]
    [InlineData("0x1F", "an integer")]
    [InlineData("0o17", "an integer")]
    [InlineData("1_000", "a string")]
    [InlineData("1.0", "a float")]
    [InlineData("1e-3", "a float")]
    [InlineData(".5", "a float")]
    [InlineData(".inf", "a float")]
    [InlineData(".nan", "a float")]
    [InlineData("'42'", "a string")]
    [InlineData("\"true\"", "a string")]
    [InlineData("!!str 42", "a string")]
    [InlineData("!!float 1", "a float")]
    [InlineData("v1.2", "a string")]
    [InlineData("2024-01-15", "a string")]
    public void Yaml_scalars_are_typed_by_the_core_schema(string written, string expected)
    {
        var tree = ParamsFile.Parse($"value: {written}\n", "params.yaml");
        Assert.Equal(expected, ParamValues.Describe(tree["value"]));
    }

    [Fact]
    public void Yaml_numbers_keep_their_values()
    {
        var tree = ParamsFile.Parse("a: 0x1F\nb: 0o17\nc: 1e-3\nd: -.inf\ne: 12345678901234567890\n", "p.yaml");
        Assert.Equal(31, tree["a"]!.GetValue<long>());
        Assert.Equal(15, tree["b"]!.GetValue<long>());
        Assert.Equal("0.001", PythonText.Str(tree["c"]));
        Assert.Equal("-inf", PythonText.Str(tree["d"]));
        Assert.Equal("12345678901234567890", PythonText.Str(tree["e"]));
    }

    [Fact]
    public void Yaml_keeps_key_order_lists_and_merge_keys()
    {
        var tree = ParamsFile.Parse("""
            defaults: &defaults
              lr: 0.1
              epochs: 5
            zeta: 1
            alpha:
              <<: *defaults
              epochs: 10
              layers: [64, 32]
            """, "params.yaml");
        Assert.Equal(["defaults", "zeta", "alpha"], tree.Select(p => p.Key));
        Assert.Equal(10, Get(tree, "alpha.epochs")!.GetValue<long>());
        Assert.Equal("0.1", PythonText.Str(Get(tree, "alpha.lr")));
        Assert.Equal(32, Get(tree, "alpha.layers.1")!.GetValue<long>());
    }

    [Fact]
    public void An_empty_yaml_file_is_an_empty_mapping() =>
        Assert.Empty(ParamsFile.Parse("# nothing yet\n", "params.yaml"));

    [Theory]
    [InlineData("a: 1\nb: [1, 2\nc: 3\n", 3)]
    [InlineData("a: 1\nb: 2\na: 3\n", 3)]
    [InlineData("a:\n  b: 1\n c: 2\n", 3)]
    public void Yaml_errors_name_the_file_and_line(string text, int line)
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse(text, "conf/params.yaml"));
        Assert.Equal("conf/params.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"conf/params.yaml:{line}: not valid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_params_file_must_be_a_mapping()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse("- 1\n- 2\n", "params.yaml"));
        Assert.Contains("not a list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_params_keep_integers_and_floats_apart()
    {
        var tree = ParamsFile.Parse("""{"train": {"lr": 1e-3, "epochs": 50, "ratio": 1.0, "layers": [64, 32], "name": "x", "on": true, "none": null}}""", "params.json");
        Assert.True(ParamValues.IsInteger(Get(tree, "train.epochs")));
        Assert.True(ParamValues.IsFloat(Get(tree, "train.ratio")));
        Assert.Equal("1.0", PythonText.Str(Get(tree, "train.ratio")));
        Assert.Equal("0.001", PythonText.Str(Get(tree, "train.lr")));
        Assert.Equal(64, Get(tree, "train.layers[0]")!.GetValue<long>());
        Assert.Null(Get(tree, "train.none"));
        Assert.Equal(["train.lr", "train.epochs", "train.ratio", "train.layers", "train.name", "train.on", "train.none"], ParamTree.Flatten(tree).Keys);
    }

    [Fact]
    public void Json_errors_name_the_line()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse("{\n  \"a\": 1,\n  \"b\": \n}\n", "params.json"));
        Assert.Equal(4, e.Line);
        Assert.StartsWith("params.json:4: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Python_params_files_are_refused_with_advice()
    {
        var e = Assert.Throws<PipelineFormatException>(() => ParamsFile.Parse("LR = 0.1\n", "params.py"));
        Assert.Contains("params.yaml", e.Problem, StringComparison.Ordinal);
    }
}
