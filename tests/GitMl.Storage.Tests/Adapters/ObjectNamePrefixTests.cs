using GitMl.Storage.Adapters;

namespace GitMl.Storage.Tests.Adapters;

public sealed class ObjectNamePrefixTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("a", "a/")]
    [InlineData("/a/b/", "a/b/")]
    public void The_prefix_is_normalized_to_end_in_one_slash(string configured, string expected) =>
        Assert.Equal(expected, new ObjectNamePrefix(configured).Value);

    [Fact]
    public void Keys_become_names_under_the_prefix_and_back()
    {
        var names = new ObjectNamePrefix("/team/models/");

        Assert.Equal("team/models/ab/cd/ef", names.NameOf("ab/cd/ef"));
        Assert.Equal("team/models/ab/c", names.ListingPrefixOf("ab/c"));
        Assert.Equal("ab/cd/ef", names.KeyOf("team/models/ab/cd/ef"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a\\b")]
    public void Keys_every_backend_refuses_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => new ObjectNamePrefix("p").NameOf(key));
}
