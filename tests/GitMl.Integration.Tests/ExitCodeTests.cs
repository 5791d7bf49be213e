using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using GitMl.Integration.Tests.Infrastructure;
using GitMl.TestServers;

namespace GitMl.Integration.Tests;

/// <summary>
/// Exit codes are a contract (docs/exit-codes.md): 0 success, 1 the operation failed or found what it looks for,
/// 2 usage (parse errors included). A remote that cannot be reached, refuses us or cannot be used with the
/// credentials given is a failure (1) told once, in one sentence that names the remote; never an internal error,
/// never a .NET resource key.
/// </summary>
public sealed partial class ExitCodeTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    // Resource keys mix cases around underscores (Arg_ParamName_Name, IO_FileNotFound_FileName) or are
    // System.Net's lower-case ones (net_http_...); environment variables (AWS_PROFILE) are neither.
    [GeneratedRegex(@"\b(?=[A-Za-z_]*[a-z])(?=[A-Za-z_]*[A-Z])[A-Za-z]+_[A-Za-z_]+\b|\bnet_[a-z_]+\b|System\.[A-Z]")]
    private static partial Regex RuntimeText();

    /// <summary>A line of our own error output must be a sentence of ours: no runtime resource key or type name.</summary>
    private static void AssertOurWords(ProcessResult result, string what)
    {
        string all = result.Stdout + result.Stderr;
        Assert.False(RuntimeText().IsMatch(all), $"{what}: runtime text reached the user:\n{all}");
        Assert.DoesNotContain("internal error", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
    }

    // ---- usage errors: every verb and subcommand `git ml --help` lists -------------------------------------------

    /// <summary>The verbs `git ml --help` lists, and for a verb with subcommands, each "verb sub" too.</summary>
    private List<string[]> CommandsFromHelp(string cwd)
    {
        var overview = _sandbox.GitMl(cwd, "--help").EnsureSuccess("--help");
        var verbs = overview.Stdout.Split('\n')
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0])
            .Where(v => v.Length > 0)
            .ToList();
        var commands = new List<string[]>();
        foreach (string verb in verbs)
        {
            commands.Add([verb]);
            string help = _sandbox.GitMl(cwd, verb, "--help").EnsureSuccess($"{verb} --help").Stdout;
            int at = help.IndexOf("\nCommands:\n", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            foreach (string line in help[(at + "\nCommands:\n".Length)..].Split('\n').TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)))
            {
                if (line.StartsWith("   ", StringComparison.Ordinal) || line.Trim().Length == 0)
                {
                    continue; // a description's continuation
                }
                commands.Add([verb, line.Trim().Split(' ')[0]]);
            }
        }
        return commands;
    }

    [Fact]
    public void Every_verb_and_subcommand_exits_2_on_an_unknown_option_with_a_sentence_of_ours()
    {
        string repo = _sandbox.CreateRepository();
        var commands = CommandsFromHelp(repo);
        Assert.True(commands.Count >= 40, $"--help listed too few commands: {string.Join(", ", commands.Select(c => string.Join(' ', c)))}");
        var wrong = new StringBuilder();
        foreach (string[] command in commands)
        {
            var result = _sandbox.GitMl(repo, [.. command, "--no-such-option"]);
            string name = string.Join(' ', command);
            if (result.ExitCode != 2 || !result.Stderr.Contains("--no-such-option", StringComparison.Ordinal) || !result.Stderr.Contains("git-ml: error:", StringComparison.Ordinal))
            {
                wrong.Append($"`git ml {name} --no-such-option` exited {result.ExitCode}:\n{result.Stderr}\n");
            }
            AssertOurWords(result, name);
        }
        Assert.True(wrong.Length == 0, wrong.ToString());
    }

    public static TheoryData<string[]> OtherUsageErrors => new()
    {
        Array.Empty<string>(),
        new[] { "no-such-verb" },
        new[] { "fetch", "--jobs", "abc" },
        new[] { "push", "--jobs", "-3x" },
        new[] { "runs", "list", "--limit", "many" },
        new[] { "runs", "show" },
        new[] { "add" },
        new[] { "model" },
        new[] { "status", "extra", "words" },
        new[] { "status", "--remote", "no-such-remote" },
        new[] { "gc", "--keep-days", "x" },
    };

    [Theory]
    [MemberData(nameof(OtherUsageErrors))]
    public void Parse_and_usage_errors_exit_2_with_a_sentence_of_ours(string[] args)
    {
        string repo = _sandbox.CreateRepository();
        var result = _sandbox.GitMl(repo, args);
        Assert.True(result.ExitCode == 2, $"`git ml {string.Join(' ', args)}` exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        AssertOurWords(result, string.Join(' ', args));
    }

    // ---- remote failures ------------------------------------------------------------------------------------------

    /// <summary>How the remote named "cloud" is broken.</summary>
    public enum Breakage
    {
        S3Unreachable,
        S3Forbidden,
        S3WithoutCredentials,
        AzureUnreachable,
        AzureForbidden,
        AzureMalformedConnectionString,
        AzureInvalidContainerName,
    }

    /// <summary>Every command that talks to the data remote, as a user would type it (the last: the pre-push hook).</summary>
    /// <remarks>fetch and pull come last: they start by dropping the local copies, which push needs.</remarks>
    private static readonly string[][] RemoteCommands =
    [
        ["git-ml", "push"],
        ["git", "push", "-q", "origin", "main"],
        ["git-ml", "status"],
        ["git-ml", "status", "--remote", "cloud"],
        ["git-ml", "fsck", "--remote", "cloud"],
        ["git-ml", "gc", "--remote", "cloud"],
        ["git-ml", "fetch"],
        ["git-ml", "pull"],
    ];

    [Theory]
    [InlineData(Breakage.S3Unreachable)]
    [InlineData(Breakage.S3Forbidden)]
    [InlineData(Breakage.S3WithoutCredentials)]
    [InlineData(Breakage.AzureUnreachable)]
    [InlineData(Breakage.AzureForbidden)]
    [InlineData(Breakage.AzureMalformedConnectionString)]
    [InlineData(Breakage.AzureInvalidContainerName)]
    public async Task A_broken_remote_fails_every_command_with_exit_1_and_one_sentence_naming_it(Breakage breakage)
    {
        await using var forbidden = breakage is Breakage.AzureForbidden or Breakage.AzureInvalidContainerName
            ? FixedResponseServer.AzureAuthenticationFailed()
            : FixedResponseServer.S3AccessDenied();
        string closed = $"http://127.0.0.1:{ClosedPort()}";
        var (url, options, environment, fact) = breakage switch
        {
            Breakage.S3Unreachable => ("s3://bucket/store", S3(closed), AwsCredentials(), closed["http://".Length..]),
            Breakage.S3Forbidden => ("s3://bucket/store", S3(forbidden.Url.ToString()), AwsCredentials(), "403"),
            Breakage.S3WithoutCredentials => ("s3://bucket/store", S3(forbidden.Url.ToString()), NoAwsCredentials(), "credentials"),
            Breakage.AzureUnreachable => ("azure://container/store", Azure(closed), NoAwsCredentials(), closed["http://".Length..]),
            Breakage.AzureForbidden => ("azure://container/store", Azure(forbidden.Url.ToString()), NoAwsCredentials(), "403"),
            Breakage.AzureMalformedConnectionString => ("azure://container/store", new[] { ("connectionString", "AccountName=x;AccountKey=not-base64!;garbage") }, NoAwsCredentials(), "connection string"),
            Breakage.AzureInvalidContainerName => ("azure://C_/store", Azure(forbidden.Url.ToString()), NoAwsCredentials(), "container"),
            _ => throw new ArgumentOutOfRangeException(nameof(breakage)),
        };

        string origin = _sandbox.CreateBareRemote();
        string repo = _sandbox.CreateRepository("repo", origin);
        _sandbox.GitMl(repo, "track", "data/**").EnsureSuccess("track");
        for (int i = 0; i < 3; i++)
        {
            Files.WriteRandom(Path.Combine(repo, "data", $"f{i}.bin"), 10_000 + i, seed: 20 + i);
        }
        _sandbox.Git(repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(repo, "commit", "-qm", "data").EnsureSuccess("commit");
        // The remote is this user's own (local config), so no trust question arises.
        _sandbox.GitMl(repo, "remote", "add", "--local", "-d", "cloud", url).EnsureSuccess("remote add");
        foreach (var (option, value) in options)
        {
            _sandbox.GitMl(repo, "remote", "modify", "--local", "cloud", option, value).EnsureSuccess($"remote modify {option}");
        }
        // Fetch and pull need objects this clone lacks: drop the local store's copies.
        var wrong = new StringBuilder();
        foreach (string[] command in RemoteCommands)
        {
            if (command[1] is "fetch" or "pull")
            {
                DeleteLocalObjects(repo);
            }
            int before = forbidden.Requests.Count;
            string program = command[0] == "git-ml" ? Path.Combine(GitMlBinary.Directory, "git-ml") : "git";
            var result = _sandbox.Run(program, command[1..], repo, environment);
            string name = string.Join(' ', command);
            string stderr = result.Stderr;
            int lines = stderr.Split('\n').Count(l => l.Contains(fact, StringComparison.OrdinalIgnoreCase));
            if (result.ExitCode != 1 || lines != 1 || !stderr.Contains("cloud", StringComparison.Ordinal))
            {
                wrong.Append($"`{name}` exited {result.ExitCode}, told '{fact}' on {lines} line(s) (want 1, naming 'cloud'):\n{stderr}\n");
            }
            if (forbidden.Requests.Count - before > 8)
            {
                wrong.Append($"`{name}` kept asking a remote that refused it: {forbidden.Requests.Count - before} requests\n");
            }
            AssertOurWords(result, name);
        }
        Assert.True(wrong.Length == 0, wrong.ToString());
    }

    private static void DeleteLocalObjects(string repo)
    {
        string objects = Path.Combine(repo, ".git", "ml", "objects");
        foreach (string file in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
            File.Delete(file);
        }
    }

    private static (string, string)[] S3(string endpoint) => [("endpointUrl", endpoint), ("region", "us-east-1")];

    // Azurite's well-known development account: a valid key, sent to a server that is not Azurite.
    private static (string, string)[] Azure(string endpoint) =>
    [
        ("connectionString", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint={endpoint.TrimEnd('/')}/devstoreaccount1;"),
    ];

    private Dictionary<string, string> AwsCredentials() => new(NoAwsCredentials())
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE0000000",
        ["AWS_SECRET_ACCESS_KEY"] = "secret-example-0000000000000000000000000",
    };

    /// <summary>No AWS credentials anywhere the SDK looks (and no instance metadata service to wait for).</summary>
    private Dictionary<string, string> NoAwsCredentials() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "",
        ["AWS_SECRET_ACCESS_KEY"] = "",
        ["AWS_SESSION_TOKEN"] = "",
        ["AWS_PROFILE"] = "",
        ["AWS_SHARED_CREDENTIALS_FILE"] = _sandbox.PathOf("no-aws-credentials"),
        ["AWS_CONFIG_FILE"] = _sandbox.PathOf("no-aws-config"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AZURE_STORAGE_CONNECTION_STRING"] = "",
    };

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
