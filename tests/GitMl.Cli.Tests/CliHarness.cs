using GitMl.Git;

namespace GitMl.Cli.Tests;

/// <summary>What one `git ml ...` run left: its exit code and everything it wrote to stdout and stderr.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>
/// Runs git-ml's verbs in process, through a <see cref="CliContext"/> whose streams are strings, whose environment is
/// <see cref="Environment"/> (nothing from the process's) and whose working folder is <see cref="WorkingDirectory"/>.
/// </summary>
internal sealed class CliHarness(string workingDirectory)
{
    public string WorkingDirectory { get; set; } = workingDirectory;

    /// <summary>The only environment variables the verbs see.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public bool ErrorIsTerminal { get; set; }

    public CliResult Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var cli = new CliContext(
            output,
            error,
            name => Environment.TryGetValue(name, out string? value) ? value : null,
            WorkingDirectory,
            errorIsTerminal: ErrorIsTerminal);
        int code = CliApp.Run(args, cli);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>A throwaway git repository on branch main with a user and one commit, deleted afterwards.</summary>
internal sealed class TestRepository : IDisposable
{
    private readonly TempDirectory _folder = new("cli");

    public TestRepository()
    {
        Git = new GitCli(Path);
        Git.Check(["init", "-q", "-b", "main"]);
        Git.Check(["config", "user.name", "Alice"]);
        Git.Check(["config", "user.email", "alice@example.com"]);
        Git.Check(["config", "commit.gpgsign", "false"]);
        File.WriteAllText(System.IO.Path.Combine(Path, "README.md"), "test\n");
        Git.Check(["add", "README.md"]);
        Git.Check(["commit", "-q", "-m", "init"]);
    }

    public string Path => _folder.Path;

    public GitCli Git { get; }

    public string Combine(params string[] parts) => _folder.Combine(parts);

    public void Dispose() => _folder.Dispose();
}
