using GitMl.Core.Runs.Search;

namespace GitMl.Core.Tests.Runs.Search;

public sealed class LikePatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("%", "", true)]
    [InlineData("%", "anything", true)]
    [InlineData("_", "", false)]
    [InlineData("_", "x", true)]
    [InlineData("a%", "a", true)]
    [InlineData("%a", "banana", true)]
    [InlineData("%an%an%", "banana", true)]
    [InlineData("%an%an%an%", "banana", false)]
    [InlineData("b%n_", "banana", true)]
    [InlineData("b%%a", "banana", true)]
    [InlineData("%_%_", "ab", true)]
    [InlineData("%_%_%_", "ab", false)]
    [InlineData("a%b%c", "aXbYbZc", true)]
    [InlineData("a%b%c", "aXcYb", false)]
    [InlineData(@"100\%", "100%", true)]
    [InlineData(@"100\%", "1000", false)]
    [InlineData(@"a\_b", "a_b", true)]
    [InlineData(@"a\_b", "axb", false)]
    [InlineData(@"a\\b", @"a\b", true)]
    [InlineData(@"\a", "a", true)]
    [InlineData("gpu-_", "gpu-1", true)]
    [InlineData("Ab%", "ab", false)]
    public void Like_is_case_sensitive(string pattern, string value, bool expected) =>
        Assert.Equal(expected, LikePattern.TryCompile(pattern, ignoreCase: false)!.IsMatch(value));

    [Theory]
    [InlineData("ab%", "ABC", true)]
    [InlineData("%VISION", "computer vision", true)]
    [InlineData("straße", "STRASSE", false)] // one character for one character: no multi-character folds
    [InlineData("é_", "ÉT", true)]
    public void Ilike_ignores_case(string pattern, string value, bool expected) =>
        Assert.Equal(expected, LikePattern.TryCompile(pattern, ignoreCase: true)!.IsMatch(value));

    [Fact]
    public void A_trailing_escape_does_not_compile() => Assert.Null(LikePattern.TryCompile(@"50\", ignoreCase: false));

    [Fact]
    public void Long_values_with_many_wildcards_match_in_linear_passes()
    {
        string value = new string('a', 20_000) + "b";
        Assert.True(LikePattern.TryCompile("%a%a%a%b", ignoreCase: false)!.IsMatch(value));
        Assert.False(LikePattern.TryCompile("%a%a%a%c", ignoreCase: false)!.IsMatch(value));
    }
}
