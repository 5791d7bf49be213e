using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Params;

public sealed class TomlParamsTests
{
    private static JsonObject Parse(string text) => ParamsFile.Parse(text, "params.toml");

    private static string Str(JsonObject tree, string key) =>
        ParamTree.TryGet(tree, key, out var value) ? PythonText.Str(value) : throw new KeyNotFoundException(key);

    [Fact]
    public void Tables_dotted_keys_and_every_scalar_type_read()
    {
        var tree = Parse("""
            # Training parameters
            seed = 42
            name = "baseline"   # a comment
            path = 'C:\data\raw'

            [train]
            learning_rate = 1e-3
            epochs = 1_000
            ratio = 0.8
            hex = 0xFF
            oct = 0o17
            bin = 0b101
            negative = -3
            positive = +3.5
            enabled = true
            big = inf
            optimizer.name = "adam"
            optimizer.betas = [0.9, 0.999]

            [model."hidden layers"]
            sizes = [
              64,  # first
              32,
            ]
            activation = { name = "relu", slope = 0.0 }
            """);
        Assert.Equal("42", Str(tree, "seed"));
        Assert.Equal("baseline", Str(tree, "name"));
        Assert.Equal(@"C:\data\raw", Str(tree, "path"));
        Assert.Equal("0.001", Str(tree, "train.learning_rate"));
        Assert.Equal("1000", Str(tree, "train.epochs"));
        Assert.Equal("0.8", Str(tree, "train.ratio"));
        Assert.Equal("255", Str(tree, "train.hex"));
        Assert.Equal("15", Str(tree, "train.oct"));
        Assert.Equal("5", Str(tree, "train.bin"));
        Assert.Equal("-3", Str(tree, "train.negative"));
        Assert.Equal("3.5", Str(tree, "train.positive"));
        Assert.Equal("True", Str(tree, "train.enabled"));
        Assert.Equal("inf", Str(tree, "train.big"));
        Assert.Equal("adam", Str(tree, "train.optimizer.name"));
        Assert.Equal("0.999", Str(tree, "train.optimizer.betas.1"));
        Assert.Equal("32", Str(tree, "model.hidden layers.sizes.1"));
        Assert.Equal("relu", Str(tree, "model.hidden layers.activation.name"));
        Assert.True(ParamValues.IsFloat(tree["model"]!["hidden layers"]!["activation"]!["slope"]));
        Assert.Equal(["seed", "name", "path", "train", "model"], tree.Select(p => p.Key));
    }

    [Fact]
    public void Strings_support_escapes_and_multiple_lines()
    {
        var tree = Parse("a = \"tab\\there \\\"quoted\\\" \\u00e9\"\nb = \"\"\"\nline one\nline two\"\"\"\nc = '''\nraw \\n text'''\nd = \"\"\"joined \\\n    together\"\"\"\n");
        Assert.Equal("tab\there \"quoted\" é", Str(tree, "a"));
        Assert.Equal("line one\nline two", Str(tree, "b"));
        Assert.Equal("raw \\n text", Str(tree, "c"));
        Assert.Equal("joined together", Str(tree, "d"));
    }

    [Fact]
    public void Arrays_of_tables_read_as_lists_of_mappings()
    {
        var tree = Parse("""
            [[layers]]
            units = 64
            [[layers]]
            units = 32
            dropout = 0.5
            """);
        Assert.Equal("64", Str(tree, "layers.0.units"));
        Assert.Equal("0.5", Str(tree, "layers.1.dropout"));
    }

    [Theory]
    [InlineData("a = 1\nb = 1979-05-27\n", 2, "date or time")]
    [InlineData("a = 1\nb = 07:32:00\n", 2, "date or time")]
    [InlineData("a = \"open\nb = 2\n", 1, "not closed")]
    [InlineData("a = 1\na = 2\n", 2, "defined twice")]
    [InlineData("[t]\nx = 1\n[t]\ny = 2\n", 3, "defined twice")]
    [InlineData("a = 1\nb = adam\n", 2, "must be quoted")]
    [InlineData("a = 012\n", 1, "leading zeros")]
    [InlineData("a = 1 2\n", 1, "one key = value per line")]
    [InlineData("a = [1, 2\n", 2, "not closed")]
    [InlineData("a = { x = 1 }\n[a]\n", 2, "defined twice")]
    [InlineData("a = 1\n[a.b]\n", 2, "already holds a value")]
    [InlineData("a = \"bad \\q escape\"\n", 1, "unknown escape")]
    [InlineData("a\n", 1, "expected `=`")]
    public void Errors_name_the_line_and_the_problem(string text, int line, string problem)
    {
        var e = Assert.Throws<PipelineFormatException>(() => Parse(text));
        Assert.Equal("params.toml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }
}
