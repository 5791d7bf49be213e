using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A 0-byte tracked file is stored as git's empty blob, as git-lfs does: a `size 0` pointer would make git see the
/// file as modified for ever (its index entry records size 0, which git always re-checks), and merge, rebase,
/// pull --rebase and reset --keep would refuse to run.
/// </summary>
public sealed class EmptyFileTests : IDisposable
{
    private const string EmptyBlob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    private readonly Sandbox _sandbox = new();
    private readonly string _origin;
    private readonly string _repo;

    public EmptyFileTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _repo = _sandbox.CreateRepository("repo", _origin);
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        // A data remote: the pre-push hook blocks a push of git-ml content without one.
        Directory.CreateDirectory(_sandbox.PathOf("storage"));
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _sandbox.PathOf("storage")).EnsureSuccess("data remote");
        File.WriteAllBytes(Path.Combine(_repo, "empty.bin"), []);
        Files.WriteRandom(Path.Combine(_repo, "full.bin"), 5_000);
        Files.Write(Path.Combine(_repo, "a.txt"), "a\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "base").EnsureSuccess("commit");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("push");
    }

    public void Dispose() => _sandbox.Dispose();

    private void Commit(string repo, string file, string text)
    {
        Files.Write(Path.Combine(repo, file), text);
        _sandbox.Git(repo, "add", file).EnsureSuccess("add");
        _sandbox.Git(repo, "commit", "-qm", file).EnsureSuccess("commit");
    }

    private void AssertClean(string repo)
    {
        Assert.Equal(0, _sandbox.Git(repo, "diff", "--quiet").ExitCode);
        Assert.Equal("", _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout);
        Assert.Empty(File.ReadAllBytes(Path.Combine(repo, "empty.bin")));
    }

    [Fact]
    public void An_empty_tracked_file_is_stored_as_the_empty_blob_and_stays_clean()
    {
        Assert.Equal(EmptyBlob, _sandbox.Git(_repo, "rev-parse", "HEAD:empty.bin").EnsureSuccess("rev-parse").Stdout.Trim());
        File.Delete(Path.Combine(_repo, "empty.bin"));
        _sandbox.Git(_repo, "checkout", "--", "empty.bin").EnsureSuccess("checkout");
        AssertClean(_repo);
        Assert.DoesNotContain("empty.bin", _sandbox.GitMl(_repo, "status").EnsureSuccess("ml status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_rebase_pull_rebase_and_reset_keep_work_with_an_empty_tracked_file()
    {
        _sandbox.Git(_repo, "switch", "-qc", "feature").EnsureSuccess("switch");
        Commit(_repo, "b.txt", "b\n");
        _sandbox.Git(_repo, "switch", "-q", "main").EnsureSuccess("switch");
        Commit(_repo, "c.txt", "c\n");
        AssertClean(_repo);

        _sandbox.Git(_repo, "merge", "-q", "--no-edit", "feature").EnsureSuccess("merge");
        AssertClean(_repo);
        _sandbox.Git(_repo, "reset", "-q", "--keep", "HEAD~1").EnsureSuccess("reset --keep");
        AssertClean(_repo);
        _sandbox.Git(_repo, "switch", "-q", "feature").EnsureSuccess("switch");
        _sandbox.Git(_repo, "rebase", "-q", "main").EnsureSuccess("rebase");
        AssertClean(_repo);

        string clone = _sandbox.PathOf("clone");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, clone).EnsureSuccess("clone");
        AssertClean(clone);
        _sandbox.Git(_repo, "switch", "-q", "main").EnsureSuccess("switch");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("push");
        Commit(clone, "d.txt", "d\n");
        _sandbox.Git(clone, "pull", "-q", "--rebase", "--autostash").EnsureSuccess("pull --rebase");
        AssertClean(clone);
    }

    [Fact]
    public void A_size_0_pointer_from_older_history_still_checks_out_as_an_empty_file()
    {
        string pointer = "version https://git-ml.dev/spec/v1\noid sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nsize 0\n";
        string blob = _sandbox.Run("git", ["hash-object", "-w", "--stdin"], _repo, stdin: System.Text.Encoding.UTF8.GetBytes(pointer)).EnsureSuccess("hash-object").Stdout.Trim();
        _sandbox.Git(_repo, "update-index", "--add", "--cacheinfo", $"100644,{blob},old.bin").EnsureSuccess("update-index");
        _sandbox.Git(_repo, "commit", "-qm", "old pointer", "--no-verify").EnsureSuccess("commit");

        // A clone has no empty object in its store: the empty content needs none.
        string clone = _sandbox.PathOf("clone2");
        var result = _sandbox.Git(_sandbox.Root, "clone", "-q", _repo, clone);

        result.EnsureSuccess("clone");
        Assert.Empty(File.ReadAllBytes(Path.Combine(clone, "old.bin")));
    }
}
