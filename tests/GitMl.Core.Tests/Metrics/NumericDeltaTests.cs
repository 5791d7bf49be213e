using System.Text.Json.Nodes;
using GitMl.Core.Metrics;
using GitMl.Core.Params;

namespace GitMl.Core.Tests.Metrics;

public sealed class NumericDeltaTests
{
    private static JsonNode? Yaml(string scalar) => ParamsFile.Parse("v: " + scalar, "x.yaml")["v"];

    [Theory]
    [InlineData("0.1", "0.15", "0.05")]
    [InlineData("0.3", "0.1", "-0.2")]
    [InlineData("0.1", "0.3", "0.2")]
    [InlineData("10", "12", "2")]
    [InlineData("10", "10.5", "0.5")]
    [InlineData("1e-05", "2e-05", "1e-05")]
    [InlineData("0.001", "0.001", "0.0")]
    [InlineData("9223372036854775807", "9223372036854775808", "1")]
    [InlineData("1.5e300", "2.5e300", "1e+300")]
    [InlineData(".inf", "1.0", "-inf")]
    public void Deltas_read_as_the_files_do(string oldValue, string newValue, string expected)
    {
        Assert.Equal(expected, PythonText.Str(NumericDelta.Of(Yaml(oldValue), Yaml(newValue))));
    }

    [Fact]
    public void Integers_give_an_integer_delta()
    {
        Assert.True(ParamValues.IsInteger(NumericDelta.Of(Yaml("3"), Yaml("5"))));
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("true", "false")]
    [InlineData("1", "x")]
    [InlineData("null", "1")]
    public void Non_numbers_have_no_delta(string oldValue, string newValue)
    {
        Assert.Null(NumericDelta.Of(Yaml(oldValue), Yaml(newValue)));
    }
}
