using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>The README's main-job example runs as a new user would run it after install/install.sh (which installs git-ml globally).</summary>
public sealed class QuickstartTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void The_quickstart_example_runs_end_to_end()
    {
        string script = Path.Combine(GitMlBinary.RepositoryRoot, "examples", "quickstart.sh");
        var result = _sandbox.Run("bash", [script, _sandbox.PathOf("quickstart")], _sandbox.Root);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("quickstart: OK", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_tour_s_blocked_commit_is_blocked_and_names_the_fix()
    {
        // README: "cp ~/scrape.zip . && git add . && git commit -m oops" after `git ml init`: a large file in a format
        // git-ml does not store by default never reaches Git.
        string repo = _sandbox.CreateRepository("tour");
        _sandbox.GitMl(repo, "init").EnsureSuccess("init");
        _sandbox.Git(repo, "add", ".gitignore", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(repo, "commit", "-qm", "Set up git-ml").EnsureSuccess("commit");
        Files.WriteRandom(Path.Combine(repo, "scrape.zip"), 2 << 20, 1);
        _sandbox.Git(repo, "add", ".").EnsureSuccess("add");

        var commit = _sandbox.Git(repo, "commit", "-m", "oops");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("commit blocked", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git ml add scrape.zip", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git rm --cached scrape.zip", commit.Stderr, StringComparison.Ordinal);
    }
}
