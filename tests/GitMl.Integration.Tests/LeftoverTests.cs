using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// What a killed command leaves behind (temporary files in the working tree, the store and a directory remote, a
/// scratch ref of the run notes) is removed by the next command that works there, and never counts as content.
/// The leftovers are planted as a killed process leaves them: unlocked, named for a process that is gone, and
/// older than the grace period that protects a writer that has only just created its file.
/// </summary>
public sealed class LeftoverTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _storage;

    public LeftoverTests()
    {
        _repo = _sandbox.CreateRepository();
        _storage = _sandbox.PathOf("storage");
        Directory.CreateDirectory(_storage);
        _sandbox.Git(_repo, "config", "ml.largeCheckoutSize", "100k").EnsureSuccess("config");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote");
        Files.WriteRandom(Path.Combine(_repo, "model.bin"), 300_000, seed: 1);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>A file as a killed writer leaves it: some bytes, written two hours ago.</summary>
    private static string Plant(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[1000]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-2));
        return path;
    }

    [Fact]
    public void A_killed_hand_off_leaves_a_temporary_file_that_the_next_checkout_of_that_folder_removes()
    {
        string left = Plant(Path.Combine(_repo, ".model.bin.git-ml-4194399-0123456789abcdef0123456789abcdef.tmp"));
        string young = Path.Combine(_repo, ".model.bin.git-ml-4194399-fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllBytes(young, [1]); // a writer that has just started: left alone
        Assert.Contains(".model.bin.git-ml-", _sandbox.Git(_repo, "status", "--porcelain").Stdout, StringComparison.Ordinal);
        File.Delete(Path.Combine(_repo, "model.bin"));

        _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");

        Assert.False(File.Exists(left));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public void Pull_removes_the_temporary_files_of_a_killed_write_in_the_folders_it_writes()
    {
        string left = Plant(Path.Combine(_repo, ".model.bin.git-ml-4194399-0123456789abcdef0123456789abcdef.tmp"));
        File.Delete(Path.Combine(_repo, "model.bin"));
        _sandbox.Run("git", ["checkout", "--", "model.bin"], _repo, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("checkout");

        _sandbox.GitMl(_repo, "pull").EnsureSuccess("pull");

        Assert.False(File.Exists(left));
    }

    [Fact]
    public void The_next_filter_process_removes_abandoned_store_temporary_files_and_they_are_never_objects()
    {
        string temp = Plant(Path.Combine(_repo, ".git", "ml", "tmp", "4194399-0123456789abcdef0123456789abcdef.tmp"));
        string spool = Plant(Path.Combine(_repo, ".git", "ml", "tmp", "4194399-0123456789abcdef0123456789abcdef.spool"));
        string young = Path.Combine(_repo, ".git", "ml", "tmp", "4194399-fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllBytes(young, [1]);
        Assert.DoesNotContain("4194399", _sandbox.GitMl(_repo, "ls-files", "--long").Stdout, StringComparison.Ordinal);

        Files.WriteRandom(Path.Combine(_repo, "other.bin"), 10_000, seed: 2);
        _sandbox.Git(_repo, "add", "other.bin").EnsureSuccess("add");

        Assert.False(File.Exists(temp));
        Assert.False(File.Exists(spool));
        Assert.True(File.Exists(young));
    }

    [Fact]
    public void The_next_push_removes_abandoned_partial_files_of_a_directory_remote_which_are_never_listed()
    {
        string left = Plant(Path.Combine(_storage, ".tmp", "4194399-0123456789abcdef0123456789abcdef.tmp"));
        string young = Path.Combine(_storage, ".tmp", "4194399-fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllBytes(young, [1]);

        _sandbox.GitMl(_repo, "push").EnsureSuccess("push");

        Assert.False(File.Exists(left));
        Assert.True(File.Exists(young));
        var fsck = _sandbox.GitMl(_repo, "fsck", "--remote", "storage").EnsureSuccess("fsck");
        Assert.Contains("1 object(s) checked", fsck.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_run_removes_scratch_refs_of_a_killed_run_writer()
    {
        // pid_max is at most 2^22 on Linux: no process has this id.
        string head = _sandbox.Git(_repo, "rev-parse", "HEAD").EnsureSuccess("rev-parse").Stdout.Trim();
        _sandbox.Git(_repo, "update-ref", "refs/notes/ml-scratch/4194399-0123456789abcdef0123456789abcdef", head).EnsureSuccess("plant");
        _sandbox.Git(_repo, "update-ref", "refs/notes/ml-scratch/merge-4194399-0123456789abcdef0123456789abcdef", head).EnsureSuccess("plant");
        string live = $"refs/notes/ml-scratch/{Environment.ProcessId}-fedcba9876543210fedcba9876543210";
        _sandbox.Git(_repo, "update-ref", live, head).EnsureSuccess("plant live");

        _sandbox.GitMl(_repo, "run", "--name", "r", "--", "true").EnsureSuccess("run");

        string refs = _sandbox.Git(_repo, "for-each-ref", "--format=%(refname)", "refs/notes/").EnsureSuccess("for-each-ref").Stdout;
        Assert.DoesNotContain("4194399", refs, StringComparison.Ordinal);
        Assert.Contains(live, refs, StringComparison.Ordinal);
        Assert.Contains("refs/notes/ml-runs", refs, StringComparison.Ordinal);
    }
}
