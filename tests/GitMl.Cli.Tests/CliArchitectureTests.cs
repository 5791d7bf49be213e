namespace GitMl.Cli.Tests;

/// <summary>
/// Verbs read the process only through their <see cref="CliContext"/>: what they print, where they are, what the
/// environment says. That is what lets these tests run them in process, and keeps one way in for GIT_ML_* settings.
/// </summary>
public sealed class CliArchitectureTests
{
    /// <summary>Ways of reaching the process around the context.</summary>
    private static readonly string[] Forbidden =
    [
        "Console.",
        "Environment.GetEnvironmentVariable",
        "Environment.CurrentDirectory",
        "Directory.GetCurrentDirectory",
        "StandardStreams.",
        "Terminal.",
        "new BlobStoreFactory(",
    ];

    /// <summary>
    /// The files that build the context from the process, and why each may. Any verb listed here has not moved to the
    /// context yet (there is none today).
    /// </summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Program.cs"] = "the entry point: protects the standard streams, configures tracing from the process environment, builds the context",
        ["CliContext.cs"] = "FromProcess builds the context from Console, the environment and the current directory",
        ["Terminal.cs"] = "wraps Console's writers in escaping ones, once, before anything is written",
        ["StandardStreams.cs"] = "opens the process's descriptors 0 and 1 as raw streams (CliContext.FromProcess hands them out)",
    };

    [Fact]
    public void Verbs_and_their_helpers_reach_the_process_only_through_the_cli_context()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "GitMl.Cli");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        var verbs = files.Where(f => f.Contains("/Commands/", StringComparison.Ordinal)).ToList();
        // The scan must see what it guards: every verb file, and the context itself.
        Assert.True(verbs.Count >= 50, $"found only {verbs.Count} verb files under {root}/Commands");
        Assert.Contains(verbs, f => f.EndsWith("/Commands/StatusCommand.cs", StringComparison.Ordinal));
        Assert.Contains(verbs, f => f.EndsWith("/Commands/Model/ModelGetCommand.cs", StringComparison.Ordinal));
        Assert.All(Allowed.Keys, allowed => Assert.True(File.Exists(Path.Combine(root, allowed)), $"allow-listed {allowed} does not exist: update the list"));

        var offences = new List<string>();
        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (Allowed.ContainsKey(relative))
            {
                continue;
            }
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }
                offences.AddRange(Forbidden.Where(f => code.Contains(f, StringComparison.Ordinal)).Select(f => $"{relative}:{i + 1}: {f}"));
            }
        }
        Assert.True(offences.Count == 0, "use the CliContext (cli.Out, cli.Error, cli.Environment, cli.WorkingDirectory, cli.Progress, cli.BlobStores) instead:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_scan_catches_a_verb_that_writes_to_the_console()
    {
        // The rule above must be able to fail: a line it has to reject, and one it has to let through.
        Assert.Contains(Forbidden, f => "        Console.Out.WriteLine(\"x\");".Contains(f, StringComparison.Ordinal));
        Assert.Contains(Forbidden, f => "var v = Environment.GetEnvironmentVariable(\"GIT_ML_X\");".Contains(f, StringComparison.Ordinal));
        Assert.DoesNotContain(Forbidden, f => "        cli.Out.WriteLine(\"x\");".Contains(f, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "GitMl.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
