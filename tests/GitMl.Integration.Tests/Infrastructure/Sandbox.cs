using System.Diagnostics;
using System.Text;

namespace GitMl.Integration.Tests.Infrastructure;

/// <summary>
/// An isolated world for one test: its own HOME (with a global gitconfig where git-ml is installed), no system
/// config, no prompts, the published git-ml first on PATH, and a scratch folder deleted afterwards.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public Sandbox(bool installGitMl = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "git-ml-it", Guid.NewGuid().ToString("N")[..12]);
        Home = Path.Combine(Root, "home");
        System.IO.Directory.CreateDirectory(Home);
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["LANG"] = "C",
            ["LC_ALL"] = "C",
            ["PATH"] = GitMlBinary.Directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z",
            ["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z",
        };
        Git(Root, "config", "--global", "user.name", "Test User").EnsureSuccess("git config");
        Git(Root, "config", "--global", "user.email", "test@example.com").EnsureSuccess("git config");
        Git(Root, "config", "--global", "init.defaultBranch", "main").EnsureSuccess("git config");
        Git(Root, "config", "--global", "advice.detachedHead", "false").EnsureSuccess("git config");
        if (installGitMl)
        {
            GitMl(Root, "install", "--global").EnsureSuccess("git ml install --global");
        }
    }

    /// <summary>Variables of the test runner's own environment that would change what git or git-ml do.</summary>
    private static readonly string[] InheritedVariablesToDrop =
        ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_ML_SKIP_SMUDGE", "GIT_TRACE", "GIT_CONFIG_PARAMETERS", "GIT_ASKPASS", "SSH_ASKPASS"];

    public string Root { get; }

    public string Home { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Creates a repository (git init) in a new folder and returns its path.</summary>
    public string CreateRepository(string name = "repo")
    {
        string path = PathOf(name);
        System.IO.Directory.CreateDirectory(path);
        Git(path, "init", "-q").EnsureSuccess("git init");
        return path;
    }

    /// <summary>Creates a bare repository to push to and clone from (git init --bare) and returns its path.</summary>
    public string CreateBareRemote(string name = "origin.git")
    {
        string path = PathOf(name);
        Git(Root, "init", "-q", "--bare", path).EnsureSuccess("git init --bare");
        return path;
    }

    /// <summary>Creates a repository (git init) whose remote "origin" is <paramref name="origin"/>, and returns its path.</summary>
    public string CreateRepository(string name, string origin)
    {
        string path = CreateRepository(name);
        Git(path, "remote", "add", "origin", origin).EnsureSuccess("git remote add origin");
        return path;
    }

    public ProcessResult Git(string cwd, params string[] args) => Run("git", args, cwd);

    /// <summary>Runs the published git-ml (by full path: Process.Start resolves names with the test runner's PATH, not the sandbox's).</summary>
    public ProcessResult GitMl(string cwd, params string[] args) => Run(Path.Combine(GitMlBinary.Directory, "git-ml"), args, cwd);

    public ProcessResult Run(string program, IEnumerable<string> args, string cwd, IReadOnlyDictionary<string, string>? environment = null, byte[]? stdin = null)
    {
        using var process = Start(program, args, cwd, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }
        process.StandardInput.Close();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Starts a process in the sandbox's environment with all three streams redirected.</summary>
    public Process Start(string program, IEnumerable<string> args, string cwd, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (string name in InheritedVariablesToDrop)
        {
            info.Environment.Remove(name);
        }
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
    }

    public void Dispose()
    {
        try
        {
            // Stored objects are read-only; make everything deletable first.
            foreach (string file in System.IO.Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover scratch folder under /tmp is not worth failing a test for.
        }
    }
}
