namespace GitMl.Cli.Tests;

/// <summary>How a verb's failure looks: on the context's stderr, with the exit code its kind calls for.</summary>
public sealed class CommandRunnerTests
{
    private readonly StringWriter _out = new() { NewLine = "\n" };
    private readonly StringWriter _error = new() { NewLine = "\n" };

    private CliContext Context(Dictionary<string, string>? environment = null) =>
        new(_out, _error, name => environment is not null && environment.TryGetValue(name, out string? v) ? v : null, Path.GetTempPath());

    [Fact]
    public void Success_is_what_the_body_returns()
    {
        Assert.Equal(ExitCodes.Success, CommandRunner.Run(Context(), () => ExitCodes.Success));
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public void A_bad_argument_is_a_usage_error_with_our_sentence()
    {
        Assert.Equal(ExitCodes.Usage, CommandRunner.Run(Context(), () => throw new ArgumentException("choose one of --json and --md")));
        Assert.Equal("git-ml: error: choose one of --json and --md\n", _error.ToString());
        Assert.Equal("", _out.ToString());
    }

    [Fact]
    public void Git_saying_no_is_a_failure()
    {
        Assert.Equal(ExitCodes.Failure, CommandRunner.Run(Context(), () => throw new Git.GitException("git push failed: rejected", 1, "rejected")));
        Assert.StartsWith("git-ml: error: ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_internal_error_asks_for_a_report_without_GIT_ML_DEBUG()
    {
        int code = CommandRunner.Run(Context(), () => throw new InvalidOperationException("boom"));
        Assert.Equal(ExitCodes.InternalError, code);
        string[] lines = _error.ToString().Split('\n');
        Assert.StartsWith("git-ml: internal error: ", lines[0], StringComparison.Ordinal);
        Assert.Equal("Please report this at the git-ml issue tracker; set GIT_ML_DEBUG=1 to include the stack trace.", lines[1]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void GIT_ML_DEBUG_in_the_context_prints_the_stack_trace()
    {
        Assert.Null(Environment.GetEnvironmentVariable("GIT_ML_DEBUG"));
        int code = CommandRunner.Run(Context(new() { ["GIT_ML_DEBUG"] = "1" }), () => throw new InvalidOperationException("boom"));
        Assert.Equal(ExitCodes.InternalError, code);
        string error = _error.ToString();
        Assert.StartsWith("git-ml: internal error: ", error, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: boom", error, StringComparison.Ordinal);
        Assert.Contains(nameof(GIT_ML_DEBUG_in_the_context_prints_the_stack_trace), error, StringComparison.Ordinal);
        Assert.DoesNotContain("Please report this", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_asynchronous_runner_reports_the_same_way()
    {
        int code = await CommandRunner.RunAsync(Context(), () => throw new FileNotFoundException("no such file: data.csv"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("git-ml: error: ", _error.ToString(), StringComparison.Ordinal);
    }
}
