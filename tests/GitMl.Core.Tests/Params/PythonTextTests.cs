using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Tests.Params;

public sealed class PythonTextTests
{
    // Expected values are what CPython prints for repr(float(x)).
    [Theory]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.8, "0.8")]
    [InlineData(3.0, "3.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345678901234567e20, "1.2345678901234567e+20")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Floats_are_written_as_python_repr_writes_them(double value, string expected) =>
        Assert.Equal(expected, PythonText.Float(value));

    // Expected values are what CPython prints for str() of the value yaml.safe_load gives (DVC's params diff table).
    [Theory]
    [InlineData("[64, 32]", "[64, 32]")]
    [InlineData("{a: 1, b: x}", "{'a': 1, 'b': 'x'}")]
    [InlineData("[1.0, 1e-05, true, null]", "[1.0, 1e-05, True, None]")]
    [InlineData("{outer: {inner: [a, \"it's\"]}}", "{'outer': {'inner': ['a', \"it's\"]}}")]
    [InlineData("[\"back\\\\slash\", \"tab\\there\"]", "['back\\\\slash', 'tab\\there']")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    public void Lists_and_mappings_are_shown_as_python_str_shows_them(string yaml, string expected) =>
        Assert.Equal(expected, PythonText.Display(ParamsFile.Parse($"v: {yaml}\n", "params.yaml")["v"]));

    [Fact]
    public void A_float_keeps_its_point_in_json_output_and_an_integer_has_none()
    {
        var values = new JsonObject { ["one"] = ParamValues.Float(1.0), ["tiny"] = ParamValues.Float(1e-5), ["n"] = ParamValues.Integer(1) };
        Assert.Equal("{\"one\":1.0,\"tiny\":1e-05,\"n\":1}", values.ToJsonString());
        Assert.True(ParamValues.IsFloat(values["one"]));
        Assert.True(ParamValues.TryGetDouble(values["one"], out double one) && one == 1.0);
    }

    [Fact]
    public void Scalars_are_written_as_python_str_writes_them()
    {
        Assert.Equal("None", PythonText.Str(null));
        Assert.Equal("True", PythonText.Str(JsonValue.Create(true)));
        Assert.Equal("False", PythonText.Str(JsonValue.Create(false)));
        Assert.Equal("42", PythonText.Str(ParamValues.Integer(42)));
        Assert.Equal("42.0", PythonText.Str(ParamValues.Float(42)));
        Assert.Equal("text", PythonText.Str(JsonValue.Create("text")));
        Assert.Equal("123456789012345678901234567890", PythonText.Str(ParamValues.Integer(System.Numerics.BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Integers_and_floats_stay_apart()
    {
        Assert.True(ParamValues.IsInteger(ParamValues.Integer(1)));
        Assert.False(ParamValues.IsFloat(ParamValues.Integer(1)));
        Assert.True(ParamValues.IsFloat(ParamValues.Float(1)));
        Assert.False(ParamValues.IsInteger(ParamValues.Float(1)));
        Assert.False(ParamValues.IsInteger(JsonValue.Create("1")));
        Assert.True(ParamValues.IsInteger(JsonNode.Parse("12345678901234567890123")));
        Assert.True(ParamValues.IsFloat(JsonNode.Parse("1.0")));
    }
}
