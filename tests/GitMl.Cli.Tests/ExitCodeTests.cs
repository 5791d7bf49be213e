namespace GitMl.Cli.Tests;

/// <summary>What a command line that cannot run gets: a sentence of ours on stderr and exit 2; help on stdout and exit 0.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempDirectory _folder = new("cli-exit");
    private readonly CliHarness _cli;

    public ExitCodeTests() => _cli = new CliHarness(_folder.Path);

    public void Dispose() => _folder.Dispose();

    private const string FirstLine = "git-ml versions code, data, models and experiments together, inside Git.";

    [Fact]
    public void No_command_prints_the_overview_and_is_a_usage_error()
    {
        var result = _cli.Run();
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith(FirstLine + "\n", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_prints_the_overview_with_every_group_and_succeeds(string arg)
    {
        var result = _cli.Run(arg);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(_cli.Run().Out, result.Out);
        Assert.StartsWith(FirstLine + "\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nTrack files:\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("\nAbout:\n", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void A_commands_help_goes_to_the_contexts_stdout()
    {
        var result = _cli.Run("status", "--help");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("Description:\n  Show what is modified, missing here, or not yet on the data remote.", result.Out, StringComparison.Ordinal);
        Assert.Contains("--local-only", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_that_says_where_the_list_is()
    {
        var result = _cli.Run("nosuch");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("git-ml: error: 'nosuch' is not a git ml command (git ml --help lists them)\nSee 'git ml --help' for usage.\n", result.Error);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_naming_the_commands_help()
    {
        var result = _cli.Run("status", "--nosuch");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("git-ml: error: unrecognized command or argument '--nosuch'\nSee 'git ml status --help' for usage.\n", result.Error);
    }

    [Fact]
    public void An_unknown_option_is_not_taken_for_a_path()
    {
        var result = _cli.Run("add", "--nosuch");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("git-ml: error: unknown option '--nosuch'\nSee 'git ml add --help' for usage.\n", result.Error);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_described_in_words()
    {
        var result = _cli.Run("runs", "list", "--limit", "many");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("git-ml: error: 'many' is not a valid value for --limit: expected a whole number\nSee 'git ml runs list --help' for usage.\n", result.Error);
    }

    [Fact]
    public void A_command_that_needs_a_subcommand_lists_them()
    {
        var result = _cli.Run("remote");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("git-ml: error: 'git ml remote' needs a command: add, ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verb_outside_a_repository_is_a_usage_error_on_the_contexts_stderr()
    {
        var result = _cli.Run("status");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("git-ml: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(_folder.Path, result.Error, StringComparison.Ordinal);
        Assert.Equal(1, result.Error.Count(c => c == '\n'));
    }

    [Fact]
    public void A_bad_argument_is_a_usage_error_in_our_words()
    {
        var result = _cli.Run("help", "nosuch");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("git-ml: 'nosuch' is not a git-ml command. See `git ml help` for the list.\n", result.Error);
    }
}
