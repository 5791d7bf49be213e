using System.Diagnostics;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// The published `git-ml` the integration tests put on PATH: the folder named by GIT_ML_TEST_BIN (tests/run.sh
/// publishes it once), or else one published on first use into artifacts/itest-bin by install/publish.sh.
/// </summary>
public static class GitMlBinary
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string Directory => Folder.Value;

    public static string RepositoryRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "GitMl.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }
            return dir ?? throw new InvalidOperationException("cannot find the repository root (GitMl.sln) above " + AppContext.BaseDirectory);
        }
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("GIT_ML_TEST_BIN") is { Length: > 0 } given)
        {
            return File.Exists(Path.Combine(given, "git-ml"))
                ? given
                : throw new InvalidOperationException($"GIT_ML_TEST_BIN={given} has no git-ml executable");
        }
        string output = Path.Combine(RepositoryRoot, "artifacts", "itest-bin");
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot, "install", "publish.sh"))
        {
            ArgumentList = { output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing git-ml for the integration tests failed:\n{stdout}\n{stderr}");
        }
        return output;
    }
}
