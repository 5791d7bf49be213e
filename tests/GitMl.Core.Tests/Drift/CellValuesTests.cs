using GitMl.Core.Drift;

namespace GitMl.Core.Tests.Drift;

public sealed class CellValuesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("NA")]
    [InlineData("na")]
    [InlineData("N/A")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData(" NaN ")]
    [InlineData("None")]
    public void Missing_value_spellings_are_null(string cell) => Assert.True(CellValues.IsNull(cell));

    [Theory]
    [InlineData("0")]
    [InlineData("nil")]
    [InlineData("-")]
    [InlineData("NAN!")]
    public void Other_text_is_not_null(string cell) => Assert.False(CellValues.IsNull(cell));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("-2.5", -2.5)]
    [InlineData(" 1e3 ", 1000)]
    [InlineData(".5", 0.5)]
    [InlineData("+7", 7)]
    public void Numbers_are_read_in_the_invariant_culture(string cell, double expected)
    {
        Assert.True(CellValues.TryParseNumber(cell, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1,000")]
    [InlineData("1,5")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("0x10")]
    [InlineData("abc")]
    public void Thousands_separators_decimal_commas_and_infinities_are_not_numbers(string cell) =>
        Assert.False(CellValues.TryParseNumber(cell, out _));
}
