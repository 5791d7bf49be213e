using GitMl.Core.Import;

namespace GitMl.Core.Tests.Import;

/// <summary>
/// .dvcignore as DVC applies it (issue 16 point 1), on the cases of DVC's tests/func/test_ignore.py: gitignore syntax,
/// a .dvcignore in a subfolder applies below that folder, blank lines and comments are nothing, '!' takes back.
/// </summary>
public sealed class DvcIgnoreTests
{
    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        // test_ignore: a path pattern in the top .dvcignore
        { "", "dir/ignored", "dir/ignored", true },
        { "", "dir/ignored", "dir/other", false },
        // test_ignore (unicode file name)
        { "", "dir/тест", "dir/тест", true },
        // test_ignore_blank_line
        { "", "foo\n\ndir/ignored", "dir/ignored", true },
        { "", "foo\n\ndir/ignored", "dir/other", false },
        // test_match_nested: a name pattern matches at any depth
        { "", "*.backup\ntmp", "dir/x.backup", true },
        { "", "*.backup\ntmp", "dir/tmp/file", true },
        { "", "*.backup\ntmp", "foo", false },
        // test_ignore_sub_directory: a .dvcignore in dir/ applies below dir/ only
        { "dir", "fortz", "dir/fortz/a", true },
        { "dir", "fortz", "dir/doc/fortz/b", true },
        { "dir", "fortz", "dir/a", false },
        { "dir", "fortz", "fortz/a", false },
        // anchored patterns in a sub-folder's .dvcignore are relative to that folder
        { "dir", "/doc/x", "dir/doc/x", true },
        { "dir", "/doc/x", "dir/sub/doc/x", false },
        // test_ignore_in_added_dir
        { "", "dir/**/ignored", "dir/sub/ignored", true },
        // negation, comments, trailing spaces, folder-only patterns
        { "", "*.log\n!keep.log", "data/keep.log", false },
        { "", "*.log\n!keep.log", "data/run.log", true },
        { "", "# a comment\n", "# a comment", false },
        { "", "cache/  ", "data/cache/x", true },
        { "", "cache/", "data/cache", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_as_dvc_does(string folder, string patterns, string path, bool ignored) =>
        Assert.Equal(ignored, DvcIgnore.Parse([(folder, patterns)]).IsIgnored(path));

    [Fact]
    public void A_deeper_dvcignore_can_take_back_what_a_higher_one_ignores()
    {
        var ignore = DvcIgnore.Parse([("data/raw", "!important.csv"), ("", "*.csv")]);
        Assert.True(ignore.IsIgnored("data/other.csv"));
        Assert.False(ignore.IsIgnored("data/raw/important.csv"));
    }

    [Fact]
    public void A_directory_hash_leaves_out_what_dvcignore_ignores()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("data", "sub"));
        File.WriteAllText(dir.Combine("data", "a.csv"), "a\n");
        File.WriteAllText(dir.Combine("data", "sub", "b.csv"), "b\n");
        string expected = DualHash.Md5Hex(DvcDirListing.Encode([
            new DvcDirListing.Entry("a.csv", DualHash.Md5Hex("a\n"u8)),
            new DvcDirListing.Entry("sub/b.csv", DualHash.Md5Hex("b\n"u8)),
        ])) + ".dir";
        File.WriteAllText(dir.Combine("data", ".DS_Store"), "junk");
        File.WriteAllText(dir.Combine("data", "sub", "scratch.tmp"), "junk");

        var data = new DvcData(dir.Path, new GitMl.Core.Pipelines.WorkTreeGuard(dir.Path, []), new DvcCache(dir.Combine(".dvc", "cache")), DvcIgnore.Parse([("", ".DS_Store\n*.tmp\n")]));
        var found = data.Resolve("data", expected, restore: false);

        Assert.Equal(DataState.InWorkspace, found.State);
        Assert.Equal(2, found.Workspace!.FileCount);
    }

    [Fact]
    public void A_link_inside_a_dvc_directory_is_refused_not_followed_out_of_the_working_tree()
    {
        using var dir = new TempDirectory();
        using var outside = new TempDirectory();
        File.WriteAllText(outside.Combine("secret"), "secret\n");
        Directory.CreateDirectory(dir.Combine("data"));
        File.WriteAllText(dir.Combine("data", "a.csv"), "a\n");
        File.CreateSymbolicLink(dir.Combine("data", "leak"), outside.Combine("secret"));

        var data = new DvcData(dir.Path, new GitMl.Core.Pipelines.WorkTreeGuard(dir.Path, []), new DvcCache(dir.Combine(".dvc", "cache")), DvcIgnore.None);

        Assert.Throws<GitMl.Core.Objects.WorktreeLinkException>(() => data.Resolve("data", "0123456789abcdef0123456789abcdef.dir", restore: false));
    }
}
