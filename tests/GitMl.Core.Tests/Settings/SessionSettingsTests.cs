using GitMl.Core.Settings;

namespace GitMl.Core.Tests.Settings;

/// <summary>The process-level GIT_ML_* variables, read in one place from whatever environment the caller gives.</summary>
public sealed class SessionSettingsTests
{
    [Fact]
    public void Reads_trace_debug_run_folder_and_token_from_the_given_environment_only()
    {
        var environment = new Dictionary<string, string>
        {
            ["GIT_ML_TRACE"] = "/tmp/t.log",
            ["GIT_ML_DEBUG"] = "",
            ["GIT_ML_RUN_DIR"] = "/runs/abc",
            ["GIT_ML_SERVE_TOKEN"] = "s3cret-token",
        };
        var session = SessionSettings.From(name => environment.GetValueOrDefault(name));
        Assert.Equal("/tmp/t.log", session.Trace);
        Assert.True(session.Debug); // set, even empty, as before
        Assert.Equal("/runs/abc", session.RunDirectory);
        Assert.Equal("s3cret-token", session.ServeToken);
        Assert.DoesNotContain("s3cret", session.ToString(), StringComparison.Ordinal);

        var none = SessionSettings.From(name => name is "GIT_ML_RUN_DIR" or "GIT_ML_SERVE_TOKEN" ? "" : null);
        Assert.Null(none.Trace);
        Assert.False(none.Debug);
        Assert.Null(none.RunDirectory);
        Assert.Null(none.ServeToken);
    }
}
