using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Tracking;

public sealed class AttributesFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("git-ml-attr-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Track_appends_a_line_and_keeps_every_other_line_exactly()
    {
        string path = PathOf(".gitattributes");
        File.WriteAllText(path, "# mine\n*.sh   text eol=lf\n\n*.png binary\n");
        var file = AttributesFile.Load(path);

        Assert.True(file.Track("*.pt"));
        Assert.False(file.Track("*.pt"));
        file.Save();

        Assert.Equal("# mine\n*.sh   text eol=lf\n\n*.png binary\n*.pt filter=ml diff=ml merge=binary -text\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_file_is_created_and_a_file_without_final_newline_gets_one()
    {
        var created = AttributesFile.Load(PathOf("new"));
        created.Track("*.bin");
        created.Save();
        Assert.Equal("*.bin filter=ml diff=ml merge=binary -text\n", File.ReadAllText(PathOf("new")));

        File.WriteAllText(PathOf("nonl"), "*.sh text");
        var file = AttributesFile.Load(PathOf("nonl"));
        file.Track("*.bin");
        file.Save();
        Assert.Equal("*.sh text\n*.bin filter=ml diff=ml merge=binary -text\n", File.ReadAllText(PathOf("nonl")));
    }

    [Fact]
    public void Untrack_removes_only_git_ml_attributes_and_keeps_the_rest_of_the_line()
    {
        string path = PathOf(".gitattributes");
        File.WriteAllText(path, "*.pt filter=ml diff=ml merge=binary -text\n*.bin filter=ml diff=ml merge=binary -text export-ignore\n*.txt text\n");
        var file = AttributesFile.Load(path);

        Assert.True(file.Untrack("*.pt"));
        Assert.True(file.Untrack("*.bin"));
        Assert.False(file.Untrack("*.txt"));
        Assert.False(file.Untrack("*.none"));
        file.Save();

        Assert.Equal("*.bin export-ignore\n*.txt text\n", File.ReadAllText(path));
    }

    [Fact]
    public void Patterns_with_spaces_are_quoted_and_read_back()
    {
        var file = AttributesFile.Load(PathOf("q"));
        file.Track("my data/**");
        file.Track("say \"hi\".bin");
        file.Save();

        Assert.Equal("\"my data/**\" filter=ml diff=ml merge=binary -text\n\"say \\\"hi\\\".bin\" filter=ml diff=ml merge=binary -text\n", File.ReadAllText(PathOf("q")));
        Assert.Equal(["my data/**", "say \"hi\".bin"], AttributesFile.Load(PathOf("q")).TrackedPatterns());
    }

    [Theory]
    [InlineData("data/train.csv", "/data/train.csv")]
    [InlineData("weird[1]*.bin", "/weird\\[1\\]\\*.bin")]
    [InlineData("#notacomment", "/\\#notacomment")]
    public void Literal_paths_become_anchored_escaped_patterns(string path, string pattern) =>
        Assert.Equal(pattern, AttributePattern.ForLiteralPath(path));

    [Fact]
    public void Literal_path_patterns_match_only_their_path()
    {
        var glob = new GlobPattern(AttributePattern.ForLiteralPath("weird[1]*.bin"));
        Assert.True(glob.IsMatch("weird[1]*.bin"));
        Assert.False(glob.IsMatch("weird1x.bin"));
        Assert.False(glob.IsMatch("sub/weird[1]*.bin"));
    }

    [Fact]
    public void Merge_driver_lines_are_added_once_and_a_merge_setting_of_ones_own_is_kept()
    {
        string path = PathOf(".gitattributes");
        File.WriteAllText(path, "params.yaml -merge\n");
        var file = AttributesFile.Load(path);

        Assert.True(file.EnsureMergeDrivers());
        Assert.False(file.EnsureMergeDrivers());
        file.Save();

        Assert.Equal("params.yaml -merge\nml.lock merge=ml-lock\ndvc.lock merge=ml-lock\n", File.ReadAllText(path));
    }
}
