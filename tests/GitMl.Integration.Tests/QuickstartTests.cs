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
}
