using System.Diagnostics;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>git ml push and pull killed with SIGKILL mid-transfer, then run again.</summary>
public sealed class TransferCrashTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _storage;
    private readonly Dictionary<string, string> _hashes = [];

    public TransferCrashTests()
    {
        _repo = _sandbox.CreateRepository();
        _storage = _sandbox.PathOf("storage");
        _sandbox.GitMl(_repo, "track", "data/**").EnsureSuccess("track");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote");
        // Many objects of a few MB each: a transfer long enough to kill in the middle.
        for (int i = 0; i < 60; i++)
        {
            string path = $"data/f{i:D2}.bin";
            _hashes[path] = Files.WriteRandom(Path.Combine(_repo, path), 3 << 20, i);
        }
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_push_killed_midway_completes_when_run_again_and_every_remote_object_verifies()
    {
        KillMidway(["push", "--jobs", "2"], () => RemoteObjects().Count);
        Assert.InRange(RemoteObjects().Count, 0, _hashes.Count - 1);

        _sandbox.GitMl(_repo, "push").EnsureSuccess("push again");

        var objects = RemoteObjects();
        Assert.Equal(_hashes.Values.Order(), objects.Select(Path.GetFileName).Order());
        Assert.All(objects, o => Assert.Equal(Path.GetFileName(o), Files.Sha256(o)));
        Assert.Equal(0, _sandbox.GitMl(_repo, "fsck", "--remote", "storage").ExitCode);
    }

    [Fact]
    public void A_pull_killed_midway_completes_when_run_again_and_every_local_object_verifies()
    {
        _sandbox.GitMl(_repo, "push").EnsureSuccess("push");
        string clone = _sandbox.PathOf("clone");
        _sandbox.Run("git", ["clone", "-q", _repo, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        _sandbox.Git(clone, "remote", "set-url", "origin", "https://example.invalid/x.git").EnsureSuccess("set-url");
        string store = Path.Combine(clone, ".git", "ml", "objects");

        KillMidway(["pull", "--jobs", "2"], () => Directory.Exists(store) ? Directory.GetFiles(store, "*", SearchOption.AllDirectories).Length : 0, clone);
        Assert.All(Directory.Exists(store) ? Directory.GetFiles(store, "*", SearchOption.AllDirectories) : [],
            o => Assert.Equal(Path.GetFileName(o), Files.Sha256(o)));

        _sandbox.GitMl(clone, "pull").EnsureSuccess("pull again");

        foreach (var (path, sha) in _hashes)
        {
            Assert.Equal(sha, Files.Sha256(Path.Combine(clone, path)));
        }
        Assert.Equal(0, _sandbox.GitMl(clone, "fsck").ExitCode);
        Assert.Equal("", _sandbox.Git(clone, "status", "--porcelain").Stdout);
    }

    private List<string> RemoteObjects() =>
        Directory.Exists(_storage)
            ? Directory.GetFiles(_storage, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.tmp", StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>Starts git-ml, waits until some objects have moved, then SIGKILLs it.</summary>
    private void KillMidway(string[] args, Func<int> moved, string? cwd = null)
    {
        using var process = _sandbox.Start(Path.Combine(GitMlBinary.Directory, "git-ml"), args, cwd ?? _repo);
        process.StandardInput.Close();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (moved() < 3 && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
        Assert.False(process.HasExited, "the transfer finished before it could be killed: nothing was tested");
        process.Kill();
        process.WaitForExit();
    }
}
