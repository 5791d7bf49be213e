using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Tracking;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*.png", "logo.png", true)]
    [InlineData("*.png", "docs/img/logo.png", true)]
    [InlineData("*.png", "logo.png.txt", false)]
    [InlineData("docs/*.png", "docs/logo.png", true)]
    [InlineData("docs/*.png", "docs/img/logo.png", false)]
    [InlineData("docs/*.png", "other/docs/logo.png", false)]
    [InlineData("/model.bin", "model.bin", true)]
    [InlineData("/model.bin", "sub/model.bin", false)]
    [InlineData("data/**", "data/a/b/c.csv", true)]
    [InlineData("data/**", "database.csv", false)]
    [InlineData("**/fixtures/*.bin", "fixtures/a.bin", true)]
    [InlineData("**/fixtures/*.bin", "tests/deep/fixtures/a.bin", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("data/", "data/x.csv", true)]
    [InlineData("data/", "data", false)]
    [InlineData("vendor", "vendor/lib/x.so", true)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file/.txt", false)]
    [InlineData("[ab]*.csv", "a1.csv", true)]
    [InlineData("[ab]*.csv", "c1.csv", false)]
    [InlineData("[!ab]*.csv", "c1.csv", true)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("my data/*.csv", "my data/x.csv", true)]
    [InlineData("a+b(c).bin", "a+b(c).bin", true)]
    public void Matches_like_gitignore(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(path));
}
