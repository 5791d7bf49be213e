using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Content staged around the filter at a git-ml path (`git update-index --cacheinfo`, a git-lfs pointer from a
/// repository that used git-lfs): pre-commit blocks it with the fix, checkout, `git ml status` and `git ml fsck` say
/// what a git-lfs pointer is and how to migrate it. The empty blob is allowed (it is how empty files are stored).
/// </summary>
public sealed class RawContentTests : IDisposable
{
    private const string LfsOid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public RawContentTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _sandbox.Git(_repo, "add", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "track").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private static string LfsPointer => $"version https://git-lfs.github.com/spec/v1\noid sha256:{LfsOid}\nsize 12345\n";

    /// <summary>Stages <paramref name="content"/> at <paramref name="path"/> without the filter.</summary>
    private void StageAround(string path, string content)
    {
        string blob = _sandbox.Run("git", ["hash-object", "-w", "--stdin"], _repo, stdin: System.Text.Encoding.UTF8.GetBytes(content)).EnsureSuccess("hash-object").Stdout.Trim();
        _sandbox.Git(_repo, "update-index", "--add", "--cacheinfo", $"100644,{blob},{path}").EnsureSuccess("update-index");
    }

    [Fact]
    public void Pre_commit_blocks_a_small_text_blob_staged_around_the_filter_at_a_git_ml_path()
    {
        StageAround("notes.bin", "hello\n");

        var commit = _sandbox.Git(_repo, "commit", "-qm", "raw");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("notes.bin", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git add --renormalize notes.bin", commit.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, _sandbox.Git(_repo, "rev-parse", "--verify", "-q", "HEAD~1").ExitCode);
    }

    [Fact]
    public void Pre_commit_blocks_a_git_lfs_pointer_at_a_git_ml_path_and_says_how_to_migrate_it()
    {
        StageAround("model.bin", LfsPointer);

        var commit = _sandbox.Git(_repo, "commit", "-qm", "lfs");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("model.bin", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git-lfs pointer", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git lfs", commit.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Pre_commit_lets_the_empty_blob_through_at_a_git_ml_path()
    {
        StageAround("empty.bin", "");
        _sandbox.Git(_repo, "commit", "-qm", "empty").EnsureSuccess("commit");
    }

    [Fact]
    public void A_committed_git_lfs_pointer_is_reported_on_checkout_by_status_and_by_fsck()
    {
        StageAround("model.bin", LfsPointer);
        _sandbox.Git(_repo, "commit", "-qm", "lfs", "--no-verify").EnsureSuccess("commit");
        File.Delete(Path.Combine(_repo, "model.bin"));

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");
        Assert.Contains("model.bin", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains("git-lfs pointer", checkout.Stderr, StringComparison.Ordinal);

        var status = _sandbox.GitMl(_repo, "status");
        Assert.Contains("model.bin", status.Stdout + status.Stderr, StringComparison.Ordinal);
        Assert.Contains("git-lfs pointer", status.Stdout + status.Stderr, StringComparison.Ordinal);

        var fsck = _sandbox.GitMl(_repo, "fsck");
        Assert.Equal(1, fsck.ExitCode);
        Assert.Contains("model.bin", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
        Assert.Contains("git-lfs pointer", fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_names_a_git_lfs_pointer_again_when_the_pointer_cache_answers_and_leaves_the_cache_alone()
    {
        StageAround("model.bin", LfsPointer);
        _sandbox.Git(_repo, "commit", "-qm", "lfs", "--no-verify").EnsureSuccess("commit");
        var first = _sandbox.GitMl(_repo, "status", "--local-only");
        string cache = Path.Combine(_repo, ".git", "ml", "pointer-cache-3");
        Assert.Contains(" lfs\n", File.ReadAllText(cache), StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(cache).AddMinutes(-5);
        File.SetLastWriteTimeUtc(cache, written);

        var second = _sandbox.GitMl(_repo, "status", "--local-only");

        foreach (var status in new[] { first, second })
        {
            Assert.Contains("model.bin is a git-lfs pointer", status.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(written, File.GetLastWriteTimeUtc(cache)); // nothing learned: not rewritten
    }
}
