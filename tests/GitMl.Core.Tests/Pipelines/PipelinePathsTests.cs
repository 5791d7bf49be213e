using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Pipelines;

public sealed class PipelinePathsTests
{
    [Theory]
    [InlineData("data/raw.csv", "data/raw.csv")]
    [InlineData("./data//raw/", "data/raw")]
    [InlineData("data\\raw\\x.csv", "data/raw/x.csv")]
    [InlineData("a/./b/../c", "a/c")]
    [InlineData("../shared/x", "../shared/x")]
    [InlineData("a/../../x", "../x")]
    [InlineData(".", ".")]
    [InlineData("", ".")]
    [InlineData("./", ".")]
    [InlineData("/abs/./path/", "/abs/path")]
    [InlineData("s3://bucket/data//x", "s3://bucket/data//x")]
    [InlineData("a/.../b", "a/.../b")]
    [InlineData(".hidden/..x/x..", ".hidden/..x/x..")]
    [InlineData("a/..", ".")]
    [InlineData("..", "..")]
    [InlineData("a/b/", "a/b")]
    [InlineData("a\\b", "a/b")]
    public void Paths_are_normalised(string path, string expected) =>
        Assert.Equal(expected, PipelinePaths.Normalize(path));

    [Theory]
    [InlineData("params.yaml", ".", "params.yaml")]
    [InlineData("params.yaml", "src", "../params.yaml")]
    [InlineData("src/local.yaml", "src", "local.yaml")]
    [InlineData("a/b/x.yaml", "a/c/d", "../../b/x.yaml")]
    [InlineData("../shared.yaml", "src", "../../shared.yaml")]
    [InlineData("x.yaml", "./src/", "../x.yaml")]
    [InlineData("x.yaml", "..", null)]
    [InlineData("x.yaml", "src/../..", null)]
    public void A_path_is_named_from_a_folder_beside_it(string path, string folder, string? expected) =>
        Assert.Equal(expected, PipelinePaths.Relative(path, folder));

    [Theory]
    [InlineData("data", "data", true)]
    [InlineData("data/x.csv", "data", true)]
    [InlineData("database.csv", "data", false)]
    [InlineData("data", "data/x.csv", false)]
    [InlineData("anything", ".", true)]
    public void Inside_means_the_same_path_or_below_a_folder(string path, string folder, bool inside) =>
        Assert.Equal(inside, PipelinePaths.IsSameOrInside(path, folder));

    [Fact]
    public void Joining_applies_each_part_in_turn()
    {
        Assert.Equal("sub/data/x.csv", PipelinePaths.Join("sub", "data", "x.csv"));
        Assert.Equal("x.csv", PipelinePaths.Join(".", ".", "x.csv"));
        Assert.Equal(".", PipelinePaths.Join(".", "."));
        Assert.Equal("..", PipelinePaths.Join(".", ".."));
        Assert.Equal("x", PipelinePaths.Join(".", "./x/"));
        Assert.Equal("b", PipelinePaths.Join(".", "a/../b"));
        Assert.Equal("a/b", PipelinePaths.Join(".", "a\\b"));
        Assert.Equal("a/b", PipelinePaths.Join("a", ".", "b"));
        Assert.Equal("/abs/x", PipelinePaths.Join("sub", "/abs", "x"));
        Assert.Equal("https://example.com/x", PipelinePaths.Join("sub", ".", "https://example.com/x"));
        Assert.Equal("sub", PipelinePaths.Directory("sub/ml.yaml"));
        Assert.Equal(".", PipelinePaths.Directory("ml.yaml"));
    }
}
