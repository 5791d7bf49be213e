using System.Text;
using GitMl.Core.Objects;
using GitMl.Storage.IO;

namespace GitMl.Core.Tests.Objects;

/// <summary>
/// The working-tree guard's path logic: which folders lie on the way to a path, where a link leads, and that a link on
/// the way, as the file itself or inside a walked folder is refused, never followed; and the write guard built on it.
/// </summary>
public sealed class WorktreeFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _outside;

    public WorktreeFilesTests()
    {
        _root = _temp.Combine("repo");
        _outside = _temp.Combine("outside");
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_outside, "folder"));
        File.WriteAllText(Path.Combine(_outside, "secret"), "secret");
        File.WriteAllText(Path.Combine(_outside, "folder", "secret"), "secret");
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, string text = "content")
    {
        string full = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    private void Link(string relative, string target)
    {
        string full = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    [Theory]
    [InlineData("a", new[] { "a" })]
    [InlineData("a/b/c", new[] { "a", "a/b", "a/b/c" })]
    [InlineData("a/b/", new[] { "a", "a/b" })]
    [InlineData("", new string[0])]
    public void Prefixes_are_the_folders_on_the_way_and_the_path(string path, string[] expected) =>
        Assert.Equal(expected, WorktreeFiles.Prefixes(path));

    [Theory]
    [InlineData("data/link", "../../outside/secret", "outside the working tree")]
    [InlineData("data/link", "/etc/passwd", "outside the working tree")]
    [InlineData("data/link", "../.git/config", "into .git")]
    [InlineData("data/link", "../sub/.git/config", "into .git")]
    [InlineData("data/link", "../other/file", "inside the working tree")]
    [InlineData("data/link", "same-folder", "inside the working tree")]
    public void Where_a_link_points_is_said_relative_to_the_root(string link, string target, string expected) =>
        Assert.Equal(expected, WorktreeFiles.WhereLinkPoints(_root, Path.Combine(_root, link), target));

    [Theory]
    [InlineData("../outside/secret")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    public void A_path_out_of_the_root_is_refused(string path) =>
        Assert.Throws<OutsideRootException>(() => WorktreeFiles.Normalize(_root, path));

    [Fact]
    public void RegularFileSize_tells_a_regular_files_size_and_nothing_for_anything_else()
    {
        Write("data/file.bin", "twelve bytes");
        Directory.CreateDirectory(Path.Combine(_root, "data", "folder"));

        Assert.Equal(12, WorktreeFiles.RegularFileSize(_root, "data/file.bin", writing: true));
        Assert.Null(WorktreeFiles.RegularFileSize(_root, "data/missing.bin", writing: true));
        Assert.Null(WorktreeFiles.RegularFileSize(_root, "nowhere/missing.bin", writing: true));
        Assert.Null(WorktreeFiles.RegularFileSize(_root, "data/folder", writing: true));
        if (!OperatingSystem.IsWindows())
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(_root, "data", "fifo")])!;
            mkfifo.WaitForExit();
            Assert.Null(WorktreeFiles.RegularFileSize(_root, "data/fifo", writing: true));
        }
    }

    [Fact]
    public void RegularFileSize_refuses_a_link_at_the_file_or_on_its_way()
    {
        Link("data/file.bin", Path.Combine(_outside, "secret"));
        Link("linked", Path.Combine(_outside, "folder"));

        var atFile = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.RegularFileSize(_root, "data/file.bin", writing: true));
        var onWay = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.RegularFileSize(_root, "linked/secret", writing: true));
        Assert.Equal("data/file.bin", atFile.FilePath);
        Assert.Equal("linked", onWay.FilePath);
    }

    [Theory]
    [InlineData("a/./c/../b/", "a/b")]
    [InlineData("a//b", "a/b")]
    [InlineData("./a/b", "a/b")]
    [InlineData("a/b/..", "a")]
    [InlineData("a/b", "a/b")]
    [InlineData("a", "a")]
    [InlineData("...", "...")]
    [InlineData(".a/b.", ".a/b.")]
    [InlineData(".", "")]
    public void Normalize_gives_a_slash_separated_relative_path(string path, string expected) =>
        Assert.Equal(expected, WorktreeFiles.Normalize(_root, path));

    [Fact]
    public void A_plain_file_is_read()
    {
        Write("data/file.bin", "plain");
        using var stream = WorktreeFiles.OpenRead(_root, "data/file.bin");
        Assert.Equal("plain", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public void A_link_to_a_file_outside_is_refused_naming_it_and_where_it_points()
    {
        Link("data/leak.bin", Path.Combine(_outside, "secret"));
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.OpenRead(_root, "data/leak.bin"));
        Assert.Equal("data/leak.bin", e.FilePath);
        Assert.Contains("outside the working tree", e.Message, StringComparison.Ordinal);
        Assert.Contains("git add data/leak.bin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_under_a_symlinked_folder_is_refused_at_the_folder()
    {
        Link("data/leakdir", Path.Combine(_outside, "folder"));
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.OpenRead(_root, "data/leakdir/secret"));
        Assert.Equal("data/leakdir", e.FilePath);
    }

    [Fact]
    public void A_dangling_link_is_refused_on_the_way_and_as_the_path_and_a_missing_path_ends_the_check()
    {
        Link("data/gone", Path.Combine(_outside, "nothing-here"));
        Assert.Equal("data/gone", Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.CheckNoLink(_root, "data/gone/x", includeLast: true, writing: true)).FilePath);
        Assert.Equal("data/gone", Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.CheckNoLink(_root, "data/gone", includeLast: true, writing: false)).FilePath);
        WorktreeFiles.CheckNoLink(_root, "data/gone", includeLast: false, writing: true);
        WorktreeFiles.CheckNoLink(_root, "missing/gone/x", includeLast: true, writing: true);
        Write("data/file");
        WorktreeFiles.CheckNoLink(_root, "data/file/under-a-file", includeLast: true, writing: false);
        var real = new HashSet<string>(StringComparer.Ordinal);
        WorktreeFiles.CheckNoLink(_root, "data/file", includeLast: true, writing: false, real);
        Assert.Equal(["data"], real);
    }

    [Fact]
    public void A_link_inside_the_working_tree_is_refused_too()
    {
        Write("data/real.bin");
        Link("data/alias.bin", "real.bin");
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.OpenRead(_root, "data/alias.bin"));
        Assert.Contains("inside the working tree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_walk_lists_files_and_refuses_a_link_anywhere_inside()
    {
        Write("models/m/a.bin");
        Write("models/m/sub/b.bin");
        Assert.Equal(["models/m/a.bin", "models/m/sub/b.bin"], WorktreeFiles.EnumerateFiles(_root, "models/m"));

        Link("models/m/sub/leakdir", Path.Combine(_outside, "folder"));
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.EnumerateFiles(_root, "models/m"));
        Assert.Equal("models/m/sub/leakdir", e.FilePath);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    [InlineData("dangling")]
    [InlineData("inside")]
    public void A_walk_refuses_every_kind_of_link_among_many_plain_files(string kind)
    {
        for (int i = 0; i < 300; i++)
        {
            Write($"data/f{i:D3}.bin");
        }
        Directory.CreateDirectory(Path.Combine(_outside, "folder"));
        File.WriteAllText(Path.Combine(_outside, "file"), "x");
        string target = kind switch
        {
            "file" => Path.Combine(_outside, "file"),
            "folder" => Path.Combine(_outside, "folder"),
            "dangling" => Path.Combine(_outside, "nothing-here"),
            _ => "f007.bin",
        };
        Link("data/f150-link", target);

        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.EnumerateFiles(_root, "data"));
        Assert.Equal("data/f150-link", e.FilePath);
    }

    [Fact]
    public void A_walk_of_a_symlinked_folder_or_one_into_git_is_refused()
    {
        Link("data", _outside);
        Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.EnumerateFiles(_root, "data"));
        Link("meta", ".git");
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.EnumerateFiles(_root, "meta"));
        Assert.Contains("into .git", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_for_a_write_stops_at_the_first_missing_folder_and_ignores_the_final_name()
    {
        WorktreeFiles.CheckNoLink(_root, "new/folder/file.bin", includeLast: false, writing: true);
        Link("data/file.bin", Path.Combine(_outside, "secret"));
        WorktreeFiles.CheckNoLink(_root, "data/file.bin", includeLast: false, writing: true);
        Link("d", _outside);
        var e = Assert.Throws<WorktreeLinkException>(() => WorktreeFiles.CheckNoLink(_root, "d/secret", includeLast: false, writing: true));
        Assert.Contains("does not write through links", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verified_write_never_lands_outside_through_a_symlinked_parent()
    {
        var store = new ObjectStore(_temp.Combine("store"));
        var stored = store.Add(Encoding.UTF8.GetBytes("model bytes"));
        Link("d", Path.Combine(_outside, "folder"));

        Assert.Throws<WorktreeLinkException>(() => WorktreeContent.WriteFile(store, stored.ToPointer(), _root, "d/secret", "d/secret"));

        Assert.Equal("secret", File.ReadAllText(Path.Combine(_outside, "folder", "secret")));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.Combine(_outside, "folder")));
    }

    [Fact]
    public void A_verified_write_replaces_a_link_at_its_own_name_instead_of_following_it()
    {
        var store = new ObjectStore(_temp.Combine("store"));
        var stored = store.Add(Encoding.UTF8.GetBytes("model bytes"));
        Link("data/model.bin", Path.Combine(_outside, "secret"));

        WorktreeContent.WriteFile(store, stored.ToPointer(), _root, "data/model.bin", "data/model.bin");

        Assert.Null(new FileInfo(Path.Combine(_root, "data", "model.bin")).LinkTarget);
        Assert.Equal("model bytes", File.ReadAllText(Path.Combine(_root, "data", "model.bin")));
        Assert.Equal("secret", File.ReadAllText(Path.Combine(_outside, "secret")));
    }

    [Fact]
    public void A_special_file_is_still_refused_by_the_final_open()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        Assert.Throws<SpecialFileException>(() => WorktreeFiles.OpenRead(_root, "data"));
    }
}
