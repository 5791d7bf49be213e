using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Help as git users reach it: git answers `git ml --help` with `man git-ml`, so the page install.sh writes must be
/// where man looks for a PREFIX/bin on PATH; `git ml help COMMAND` is the command's own --help.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Git_ml_help_through_git_shows_the_installed_man_page()
    {
        // An install as install/install.sh lays it out: PREFIX/bin/git-ml, then the man page step it runs.
        string prefix = _sandbox.PathOf("prefix");
        Directory.CreateDirectory(Path.Combine(prefix, "bin"));
        File.CreateSymbolicLink(Path.Combine(prefix, "bin", "git-ml"), Path.Combine(GitMlBinary.Directory, "git-ml"));
        _sandbox.Run("bash", [Path.Combine(GitMlBinary.RepositoryRoot, "install", "man-page.sh"), prefix], _sandbox.Root).EnsureSuccess("man-page.sh");
        string repo = _sandbox.CreateRepository();
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(prefix, "bin") + Path.PathSeparator + "/usr/local/bin:/usr/bin:/bin",
            ["MANPAGER"] = "cat",
            ["PAGER"] = "cat",
            ["MANWIDTH"] = "140",
        };

        var help = _sandbox.Run("git", ["ml", "--help"], repo, environment);

        Assert.True(help.ExitCode == 0, help.Stdout + help.Stderr);
        Assert.DoesNotContain("No manual entry", help.Stderr, StringComparison.Ordinal);
        Assert.Contains("GIT-ML(1)", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("git ml push", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("git ml model register", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("Upload content to a data remote", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_ml_help_command_prints_that_command_s_help_and_refuses_an_unknown_one()
    {
        string repo = _sandbox.CreateRepository();

        var viaHelp = _sandbox.GitMl(repo, "help", "model", "register").EnsureSuccess("help model register");
        var viaOption = _sandbox.GitMl(repo, "model", "register", "--help").EnsureSuccess("model register --help");
        Assert.Equal(viaOption.Stdout, viaHelp.Stdout);
        Assert.Contains("Register a new, immutable version of a model", viaHelp.Stdout, StringComparison.Ordinal);

        var overview = _sandbox.GitMl(repo, "help").EnsureSuccess("help");
        Assert.Contains("Share data:", overview.Stdout, StringComparison.Ordinal);

        var unknown = _sandbox.GitMl(repo, "help", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'nope' is not a git-ml command", unknown.Stderr, StringComparison.Ordinal);
    }
}
