using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Large files handed by smudge to the post-checkout hook, which writes them straight from the store (git would
/// hold each whole in memory). The threshold is lowered so that small files stand in for large ones.
/// </summary>
public sealed class LargeFileCheckoutTests : IDisposable
{
    private const int Large = 300_000;
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _file;
    private readonly string _sha;

    public LargeFileCheckoutTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.Git(_repo, "config", "ml.largeCheckoutSize", "100k").EnsureSuccess("config");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _file = Path.Combine(_repo, "model.bin");
        _sha = Files.WriteRandom(_file, Large, seed: 3);
        Files.WriteRandom(Path.Combine(_repo, "small.bin"), 20_000, seed: 4);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private void AssertClean(string repo) => Assert.Equal("", _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout);

    [Fact]
    public void Checkout_restore_and_switch_write_large_files_through_the_hook_and_leave_status_clean()
    {
        File.Delete(_file);
        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");
        Assert.Contains("materialised 1 file(s)", checkout.Stderr, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);

        File.Delete(_file);
        _sandbox.Git(_repo, "restore", "model.bin").EnsureSuccess("restore");
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);

        _sandbox.Git(_repo, "switch", "-q", "-c", "empty").EnsureSuccess("switch");
        _sandbox.Git(_repo, "rm", "-q", "model.bin").EnsureSuccess("rm");
        _sandbox.Git(_repo, "commit", "-qm", "no model").EnsureSuccess("commit");
        var back = _sandbox.Git(_repo, "switch", "-q", "main").EnsureSuccess("switch back");
        Assert.Contains("materialised 1 file(s)", back.Stderr, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);
    }

    [Fact]
    public void Commands_without_a_post_checkout_hook_stream_large_files_through_git()
    {
        Files.Write(_file, "changed");
        var reset = _sandbox.Git(_repo, "reset", "-q", "--hard").EnsureSuccess("reset");
        Assert.DoesNotContain("materialised", reset.Stderr, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);
    }

    [Fact]
    public void A_foreign_post_checkout_hook_means_git_writes_the_file()
    {
        string hooks = _sandbox.PathOf("other-hooks");
        Directory.CreateDirectory(hooks);
        string hook = Path.Combine(hooks, "post-checkout");
        File.WriteAllText(hook, "#!/bin/sh\necho foreign hook ran\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        _sandbox.Git(_repo, "config", "core.hooksPath", hooks).EnsureSuccess("config");
        File.Delete(_file);

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");

        Assert.Contains("foreign hook ran", checkout.Stderr, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);
    }

    [Fact]
    public void An_executable_large_file_keeps_its_mode()
    {
        File.SetUnixFileMode(_file, File.GetUnixFileMode(_file) | UnixFileMode.UserExecute);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "exec").EnsureSuccess("commit");
        File.Delete(_file);

        _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");

        Assert.True((File.GetUnixFileMode(_file) & UnixFileMode.UserExecute) != 0);
        Assert.Equal(_sha, Files.Sha256(_file));
        AssertClean(_repo);
    }

    [Fact]
    public void A_corrupt_large_object_fails_the_checkout_names_path_and_oid_and_leaves_the_pointer()
    {
        Files.FlipOneByte(Files.ObjectPath(_repo, _sha));
        File.Delete(_file);

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("'model.bin'", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains(_sha, checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains("corrupt", checkout.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("version https://git-ml.dev/spec/v1\n", File.ReadAllText(_file), StringComparison.Ordinal);
        Assert.False(File.Exists(Files.ObjectPath(_repo, _sha)), "the corrupt object must leave the store");
        Assert.Empty(Directory.GetFiles(_repo, "*.tmp"));
    }

    [Fact]
    public void A_clone_gets_large_files_through_the_hook_it_installs()
    {
        string clone = _sandbox.PathOf("clone");
        var result = _sandbox.Git(_sandbox.Root, "-c", "ml.largeCheckoutSize=100k", "clone", "-q", _repo, clone).EnsureSuccess("clone");

        Assert.Contains("materialised 1 file(s)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(Path.Combine(clone, "model.bin")));
        AssertClean(clone);
    }
}
