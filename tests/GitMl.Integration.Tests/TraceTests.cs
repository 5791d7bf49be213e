using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>GIT_ML_TRACE end to end: what git-ml's processes did under one git command, and why.</summary>
public sealed class TraceTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public TraceTests()
    {
        _repo = _sandbox.CreateRepository("a");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _sandbox.PathOf("storage")).EnsureSuccess("remote add");
        _sandbox.Git(_repo, "add", ".gitattributes", ".mlconfig").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "setup").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Git_ml_status_traces_each_git_call_to_stderr_and_prints_the_same_report()
    {
        string plain = _sandbox.GitMl(_repo, "status").EnsureSuccess("status").Stdout;
        var traced = _sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), ["status"], _repo, new Dictionary<string, string> { ["GIT_ML_TRACE"] = "1" })
            .EnsureSuccess("traced status");
        Assert.Equal(plain, traced.Stdout);
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d\.\d{6} git-ml\[\d+\] git: git .+ \(\d+\.\d ms, exit 0\)$", traced.Stderr);
        Assert.DoesNotContain("git-ml[", _sandbox.GitMl(_repo, "status").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trace_file_collects_the_filter_the_hooks_and_the_transfer_of_one_commit_and_push()
    {
        string trace = _sandbox.PathOf("trace.log");
        var environment = new Dictionary<string, string> { ["GIT_ML_TRACE"] = trace };
        Files.WriteRandom(Path.Combine(_repo, "model.bin"), 100_000, 1);
        _sandbox.Run("git", ["add", "model.bin"], _repo, environment).EnsureSuccess("add");
        _sandbox.Run("git", ["commit", "-qm", "model"], _repo, environment).EnsureSuccess("commit");
        _sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), ["push"], _repo, environment).EnsureSuccess("push");

        string[] lines = File.ReadAllLines(trace);
        var processes = lines.Select(l => l.Split(' ')[1]).Distinct().ToList();
        Assert.True(processes.Count >= 3, $"expected the filter, the pre-commit hook and push to trace, got:\n{string.Join('\n', lines)}");
        Assert.Contains(lines, l => l.Contains("remote: storage: NoCredentials", StringComparison.Ordinal) && l.EndsWith(", allowed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("transfer: push to storage", StringComparison.Ordinal) && l.Contains("1 transferred", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} git-ml\[\d+\] \w+: ", l));
    }

    [Fact]
    public void A_setting_is_traced_with_where_it_came_from()
    {
        File.AppendAllText(Path.Combine(_repo, ".mlconfig"), "[ml \"precommit\"]\n\tmaxSize = 2m\n");
        _sandbox.Git(_repo, "config", "ml.precommit.blockBinary", "false").EnsureSuccess("config");
        string trace = _sandbox.PathOf("trace.log");
        Files.WriteRandom(Path.Combine(_repo, "model.bin"), 1000, 2);
        _sandbox.Run("git", ["add", "model.bin"], _repo, new Dictionary<string, string> { ["GIT_ML_TRACE"] = trace }).EnsureSuccess("add");
        _sandbox.Run("git", ["commit", "-qm", "m"], _repo, new Dictionary<string, string> { ["GIT_ML_TRACE"] = trace }).EnsureSuccess("commit");
        string text = File.ReadAllText(trace);
        Assert.Contains("setting: ml.precommit.maxsize = '2m' from .mlconfig", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("setting: ml.precommit.blockbinary = 'false' from git config", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_credential_stored_for_a_remote_never_reaches_the_trace()
    {
        string trace = _sandbox.PathOf("trace.log");
        var environment = new Dictionary<string, string> { ["GIT_ML_TRACE"] = trace };
        string gitMl = Path.Combine(GitMlBinary.Directory, "git-ml");
        _sandbox.Run(gitMl, ["remote", "add", "cloud", "s3://bucket/prefix"], _repo, environment).EnsureSuccess("remote add");
        _sandbox.Run(gitMl, ["remote", "modify", "--local", "cloud", "secretAccessKey", "SENTINEL-SECRET"], _repo, environment).EnsureSuccess("modify --local");
        string text = File.ReadAllText(trace);
        Assert.Contains("<redacted>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", text, StringComparison.Ordinal);
    }
}
