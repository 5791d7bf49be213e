namespace GitMl.Cli.Tests;

/// <summary>Progress is drawn on stderr only when stderr is a terminal: scripts and CI logs stay clean.</summary>
public sealed class TerminalTests : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly TempDirectory _remote = new("cli-remote");
    private readonly CliHarness _cli;

    public TerminalTests()
    {
        _cli = new CliHarness(_repo.Path);
        _repo.Git.Check(["config", "filter.ml.process", "git-ml filter-process"]);
        var added = _cli.Run("remote", "add", "store", _remote.Path, "--local");
        Assert.Equal(ExitCodes.Success, added.ExitCode);
    }

    public void Dispose()
    {
        _repo.Dispose();
        _remote.Dispose();
    }

    [Fact]
    public void Checking_a_remote_draws_no_progress_when_stderr_is_not_a_terminal()
    {
        var result = _cli.Run("fsck", "--remote", "store");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal($"local store: 0 object(s) checked, 0 bad.\nstore ({_remote.Path}): 0 object(s) checked, 0 bad.\n", result.Out);
    }

    [Fact]
    public void Checking_a_remote_draws_progress_and_erases_it_when_stderr_is_a_terminal()
    {
        _cli.ErrorIsTerminal = true;
        var result = _cli.Run("fsck", "--remote", "store");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("\rgit-ml: checking store: 0/0 objects, ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("\r", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Error.Split('\r')[^1]);
        Assert.Equal("", result.Error.Split('\r')[^2].Trim());
        Assert.Equal($"local store: 0 object(s) checked, 0 bad.\nstore ({_remote.Path}): 0 object(s) checked, 0 bad.\n", result.Out);
    }

    [Fact]
    public void Json_output_is_the_same_on_a_terminal()
    {
        string plain = _cli.Run("fsck", "--remote", "store", "--json").Out;
        _cli.ErrorIsTerminal = true;
        Assert.Equal(plain, _cli.Run("fsck", "--remote", "store", "--json").Out);
    }
}
