using GitMl.Core.Diagnostics;
using GitMl.Git;
using GitMl.TestSupport;

namespace GitMl.Core.Tests.Diagnostics;

/// <summary>Runs alone: tracing is one switch for the whole process, and tests beside it run git too.</summary>
[CollectionDefinition(nameof(MlTraceTests), DisableParallelization = true)]
public sealed class MlTraceTestGroup;

[Collection(nameof(MlTraceTests))]
public sealed class MlTraceTests : IDisposable
{
    public void Dispose() => MlTrace.Disable();

    /// <summary>GIT_ML_TRACE takes GIT_TRACE's spellings: git's booleans, 2 (stderr's descriptor), an absolute path.</summary>
    [Theory]
    [InlineData(null, TraceTarget.Off)]
    [InlineData("", TraceTarget.Off)]
    [InlineData("0", TraceTarget.Off)]
    [InlineData("false", TraceTarget.Off)]
    [InlineData("no", TraceTarget.Off)]
    [InlineData("off", TraceTarget.Off)]
    [InlineData("1", TraceTarget.StandardError)]
    [InlineData("2", TraceTarget.StandardError)]
    [InlineData("true", TraceTarget.StandardError)]
    [InlineData("YES", TraceTarget.StandardError)]
    [InlineData("/tmp/git-ml.trace", TraceTarget.File)]
    [InlineData("trace.log", TraceTarget.Unknown)]
    [InlineData("~/trace", TraceTarget.Unknown)]
    public void The_value_says_where_the_trace_goes(string? value, TraceTarget expected) =>
        Assert.Equal(expected, MlTrace.Target(value));

    [Fact]
    public void Off_writes_nothing_and_leaves_git_unobserved()
    {
        var stderr = new StringWriter();
        MlTrace.Configure("0", stderr);
        MlTrace.Write("setting", "anything");
        Assert.False(MlTrace.Enabled);
        Assert.Null(GitCli.Observer);
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void A_relative_path_is_refused_with_a_warning_that_says_what_to_give()
    {
        var stderr = new StringWriter();
        MlTrace.Configure("trace.log", stderr);
        Assert.False(MlTrace.Enabled);
        Assert.Contains("absolute path", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_git_invocation_is_a_line_with_its_arguments_time_and_exit_code()
    {
        using var folder = new TempDirectory("trace");
        var stderr = new StringWriter();
        MlTrace.Configure("1", stderr);
        var git = new GitCli(folder.Path);
        git.Run(["init", "-q", "repo with space"]);
        git.Run(["rev-parse", "--verify", "no-such-ref"]);
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} git-ml\[\d+\] git: git init -q 'repo with space' \(\d+\.\d ms, exit 0\)$", lines[0]);
        Assert.Matches(@" git: git rev-parse --verify no-such-ref \(\d+\.\d ms, exit 128\)$", lines[1]);
    }

    [Fact]
    public void Text_from_a_repository_is_escaped_in_the_trace()
    {
        var stderr = new StringWriter();
        MlTrace.Configure("true", stderr);
        MlTrace.Write("setting", "ml.x = '\u001b]0;owned\u0007' from .mlconfig");
        string trace = stderr.ToString();
        Assert.DoesNotContain('\u001b', trace);
        Assert.Contains("\\u001b]0;owned\\u0007", trace, StringComparison.Ordinal);
        Assert.EndsWith("\n", trace, StringComparison.Ordinal);
        Assert.Single(trace.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_absolute_path_is_appended_to_and_what_was_there_is_kept()
    {
        using var folder = new TempDirectory("trace");
        string file = folder.Combine("trace.log");
        File.WriteAllText(file, "earlier line\n");
        MlTrace.Configure(file, new StringWriter());
        MlTrace.Write("transfer", "one");
        MlTrace.Write("transfer", "two");
        MlTrace.Disable();
        string[] lines = File.ReadAllLines(file);
        Assert.Equal(3, lines.Length);
        Assert.Equal("earlier line", lines[0]);
        Assert.EndsWith("transfer: one", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("transfer: two", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_file_that_cannot_be_opened_is_a_warning_and_no_trace()
    {
        using var folder = new TempDirectory("trace");
        var stderr = new StringWriter();
        MlTrace.Configure(folder.Combine("no-such-folder", "trace.log"), stderr);
        Assert.False(MlTrace.Enabled);
        Assert.Contains("could not open the trace file", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_lived_git_process_is_traced_when_it_starts()
    {
        var invocation = new GitInvocation(["cat-file", "--batch"], "/repo", TimeSpan.FromMilliseconds(1.26), ExitCode: null);
        Assert.Equal("git cat-file --batch (1.3 ms, started)", MlTrace.Describe(invocation));
        Assert.Equal("git log '--format=%H %s' 'it'\\''s' '' (0.0 ms, exit 0)",
            MlTrace.Describe(new GitInvocation(["log", "--format=%H %s", "it's", ""], "/repo", TimeSpan.Zero, 0)));
    }

    /// <summary>A credential stored with `git ml remote modify --local` is an argument of `git config`: never in a trace.</summary>
    [Theory]
    [InlineData("ml-remote.cloud.secretAccessKey")]
    [InlineData("ml-remote.cloud.sessiontoken")]
    [InlineData("ml-remote.blob.accountKey")]
    [InlineData("ml-remote.blob.sasToken")]
    public void A_credential_given_to_git_config_is_redacted(string key)
    {
        string line = MlTrace.Describe(new GitInvocation(["config", "--local", key, "SENTINEL-SECRET"], "/repo", TimeSpan.Zero, 0));
        Assert.DoesNotContain("SENTINEL", line, StringComparison.Ordinal);
        Assert.Equal($"git config --local {key} <redacted> (0.0 ms, exit 0)", line);
        Assert.Contains("ml-remote.cloud.endpointUrl https://s3.example",
            MlTrace.Describe(new GitInvocation(["config", "--local", "ml-remote.cloud.endpointUrl", "https://s3.example"], "/repo", TimeSpan.Zero, 0)), StringComparison.Ordinal);
    }
}
