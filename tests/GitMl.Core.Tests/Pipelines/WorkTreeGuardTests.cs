using GitMl.Core.Pipelines;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// Where a pipeline or an import may delete or write: judged as written and as the file system resolves it, on a
/// real directory tree with real symbolic links (a fake file system would not follow links the way the kernel does).
/// </summary>
public sealed class WorkTreeGuardTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _top;
    private readonly WorkTreeGuard _guard;

    public WorkTreeGuardTests()
    {
        _top = _temp.Combine("repo");
        Directory.CreateDirectory(Path.Combine(_top, ".git", "hooks"));
        Directory.CreateDirectory(Path.Combine(_top, "data"));
        Directory.CreateDirectory(_temp.Combine("outside"));
        File.WriteAllText(_temp.Combine("outside", "precious.txt"), "not ours\n");
        _guard = new WorkTreeGuard(_top, [Path.Combine(_top, ".git")]);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(".", "the top of the working tree")]
    [InlineData("", "the top of the working tree")]
    [InlineData("./", "the top of the working tree")]
    [InlineData("data/..", "the top of the working tree")]
    [InlineData(".git", "inside Git's own directory")]
    [InlineData(".git/ml", "inside Git's own directory")]
    [InlineData("sub/../.git/hooks", "inside Git's own directory")]
    [InlineData("vendor/lib/.git/config", "inside Git's own directory")]
    [InlineData(".GIT", "inside Git's own directory")]
    [InlineData("../elsewhere", "outside the working tree")]
    [InlineData("/etc/passwd", "outside the working tree")]
    [InlineData("s3://bucket/model.pkl", "outside the working tree")]
    public void Paths_that_are_not_git_ml_s_are_refused_as_written(string path, string why)
    {
        Assert.Contains(why, WorkTreeGuard.LexicalRefusal(path), StringComparison.Ordinal);
        Assert.Contains(why, _guard.Refusal(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.pkl")]
    [InlineData("data/prepared")]
    [InlineData("data/new/deeper/file.bin")]
    [InlineData(".github/workflows/x.yml")]
    [InlineData("data/.gitignore")]
    public void Paths_in_the_working_tree_are_allowed(string path) => Assert.Null(_guard.Refusal(path));

    [Fact]
    public void Symbolic_links_are_followed_into_git_s_directory_and_out_of_the_working_tree()
    {
        File.CreateSymbolicLink(Path.Combine(_top, "hooks"), ".git/hooks");
        File.CreateSymbolicLink(Path.Combine(_top, "ext"), _temp.Combine("outside"));
        File.CreateSymbolicLink(Path.Combine(_top, "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_top, "data", "top"), "..");
        File.CreateSymbolicLink(Path.Combine(_top, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(_top, "data", "inside"), "../data");

        Assert.Contains("inside Git's own directory", _guard.Refusal("hooks"), StringComparison.Ordinal);
        Assert.Contains("inside Git's own directory", _guard.Refusal("hooks/pre-commit"), StringComparison.Ordinal);
        Assert.Contains("outside the working tree", _guard.Refusal("ext"), StringComparison.Ordinal);
        Assert.Contains("outside the working tree", _guard.Refusal("ext/precious.txt"), StringComparison.Ordinal);
        Assert.Contains("outside the working tree", _guard.Refusal("up/outside"), StringComparison.Ordinal);
        Assert.Contains("the top of the working tree", _guard.Refusal("data/top"), StringComparison.Ordinal);
        Assert.Contains("inside Git's own directory", _guard.Refusal("data/top/.git"), StringComparison.Ordinal);
        Assert.Contains("loop of symbolic links", _guard.Refusal("loop/x"), StringComparison.Ordinal);
        Assert.Null(_guard.Refusal("data/inside/model.pkl"));
    }

    [Fact]
    public void One_pass_over_many_paths_answers_each_as_a_check_of_its_own()
    {
        File.CreateSymbolicLink(Path.Combine(_top, "hooks"), ".git/hooks");
        File.CreateSymbolicLink(Path.Combine(_top, "ext"), _temp.Combine("outside"));
        File.CreateSymbolicLink(Path.Combine(_top, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(_top, "data", "inside"), "../data");
        File.CreateSymbolicLink(Path.Combine(_top, "data", "top"), "..");
        string[] paths =
        [
            "data/a", "data/b", "hooks/pre-commit", "hooks/post-commit", "ext/precious.txt", "ext/other", "loop/x", "loop/y",
            "data/inside/model.pkl", "data/inside/inside/m", "data/top/.git", "data/top/data/top/ext", "model.pkl", ".git/config",
        ];
        // The links of the pass are read once each (the folders all outputs share); every answer is the one alone.
        var links = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string path in paths.Concat(paths.Reverse()))
        {
            Assert.Equal(_guard.Refusal(path), _guard.Refusal(path, links));
        }
        Assert.Equal(".git/hooks", links[Path.Combine(_top, "hooks")]);
        Assert.Null(links[Path.Combine(_top, "data")]);
    }

    [Fact]
    public void A_git_directory_elsewhere_is_refused_wherever_it_is()
    {
        string separate = _temp.Combine("repo", "gitdata");
        Directory.CreateDirectory(separate);
        var guard = new WorkTreeGuard(_top, [separate]);

        Assert.Contains("inside Git's own directory", guard.Refusal("gitdata/objects"), StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_removes_a_link_itself_and_never_what_it_points_to()
    {
        string target = _temp.Combine("outside");
        File.CreateSymbolicLink(Path.Combine(_top, "data", "out"), "../../outside");
        Directory.CreateDirectory(Path.Combine(_top, "models"));
        File.CreateSymbolicLink(Path.Combine(_top, "models", "link-to-outside"), target);
        File.WriteAllText(Path.Combine(_top, "models", "model.pkl"), "weights\n");

        Assert.Throws<UnsafePathException>(() => _guard.Delete("data/out"));
        _guard.Delete("models");

        Assert.False(Directory.Exists(Path.Combine(_top, "models")));
        Assert.True(File.Exists(Path.Combine(target, "precious.txt")), "a link inside the deleted folder is removed, not followed");
    }

    [Fact]
    public void Delete_refuses_a_folder_holding_a_repository_of_its_own_before_deleting_anything()
    {
        Directory.CreateDirectory(Path.Combine(_top, "vendor", "lib", ".git"));
        File.WriteAllText(Path.Combine(_top, "vendor", "a.txt"), "a\n");

        var error = Assert.Throws<UnsafePathException>(() => _guard.Delete("vendor"));

        Assert.Contains("vendor/lib/.git", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_top, "vendor", "a.txt")));
    }
}
