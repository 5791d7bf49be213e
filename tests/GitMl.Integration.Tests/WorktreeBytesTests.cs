using System.Globalization;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// The working tree gets exactly an object's bytes, whatever a (hostile) pointer says, on every write path: smudge,
/// the post-checkout hand-off of large files, and `git ml pull`. Names that are not valid UTF-8 work on all of them.
/// </summary>
public sealed class WorktreeBytesTests : IDisposable
{
    private const int Large = 300_000;
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _sha;

    public WorktreeBytesTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.Git(_repo, "config", "ml.largeCheckoutSize", "100k").EnsureSuccess("config");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        // git ml pull needs a data remote (it fetches first); the store already has every object.
        Directory.CreateDirectory(_sandbox.PathOf("storage"));
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _sandbox.PathOf("storage")).EnsureSuccess("data remote");
        _sha = Files.WriteRandom(Path.Combine(_repo, "model.bin"), Large, seed: 3);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
        _sandbox.Git(_repo, "switch", "-qc", "empty").EnsureSuccess("switch");
        _sandbox.Git(_repo, "rm", "-q", "model.bin").EnsureSuccess("rm");
        _sandbox.Git(_repo, "commit", "-qm", "no model").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Commits, on a new branch from main, a pointer to the real object with a size of our choosing.</summary>
    private void CommitHostilePointer(string branch, long size)
    {
        string pointer = $"version https://git-ml.dev/spec/v1\noid sha256:{_sha}\nsize {size.ToString(CultureInfo.InvariantCulture)}\n";
        string blob = _sandbox.Run("git", ["hash-object", "-w", "--stdin"], _repo, stdin: System.Text.Encoding.UTF8.GetBytes(pointer)).EnsureSuccess("hash-object").Stdout.Trim();
        _sandbox.Git(_repo, "branch", branch, "main").EnsureSuccess("branch");
        string index = _sandbox.PathOf($"{branch}.index");
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = index };
        _sandbox.Run("git", ["read-tree", branch], _repo, env).EnsureSuccess("read-tree");
        _sandbox.Run("git", ["update-index", "--cacheinfo", $"100644,{blob},model.bin"], _repo, env).EnsureSuccess("update-index");
        string tree = _sandbox.Run("git", ["write-tree"], _repo, env).EnsureSuccess("write-tree").Stdout.Trim();
        string commit = _sandbox.Run("git", ["commit-tree", tree, "-p", branch, "-m", "hostile"], _repo, env).EnsureSuccess("commit-tree").Stdout.Trim();
        _sandbox.Git(_repo, "update-ref", $"refs/heads/{branch}", commit).EnsureSuccess("update-ref");
    }

    private void AssertRefused(ProcessResult result, string what)
    {
        Assert.True(result.ExitCode != 0, $"{what} should fail\n{result.Stderr}");
        Assert.Contains("model.bin", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(_sha, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("IO_", result.Stderr, StringComparison.Ordinal); // a runtime resource key
        // The object is fine: it stays in the store.
        Assert.Equal(_sha, Files.Sha256(Files.ObjectPath(_repo, _sha)));
    }

    [Theory]
    [InlineData(400_000L)] // above ml.largeCheckoutSize: the post-checkout hand-off
    [InlineData(4_611_686_018_427_387_904L)] // 2^62
    [InlineData(50_000L)] // below it: smudge
    public void A_pointer_whose_size_disagrees_with_its_object_fails_the_checkout_naming_path_and_oid_and_writes_nothing(long size)
    {
        CommitHostilePointer("hostile", size);

        var checkout = _sandbox.Git(_repo, "checkout", "-q", "hostile");

        AssertRefused(checkout, "checkout");
        string file = Path.Combine(_repo, "model.bin");
        Assert.False(File.Exists(file) && !File.ReadAllText(file).StartsWith("version ", StringComparison.Ordinal), "bytes other than the pointer reached the working tree");
        Assert.Empty(Directory.GetFiles(_repo, "*.tmp"));
    }

    [Theory]
    [InlineData(400_000L)]
    [InlineData(4_611_686_018_427_387_904L)]
    [InlineData(50_000L)]
    public void Pull_refuses_a_pointer_whose_size_disagrees_with_its_object_and_leaves_the_pointer(long size)
    {
        CommitHostilePointer("hostile", size);
        _sandbox.Run("git", ["checkout", "-q", "hostile"], _repo, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("checkout without smudge");

        var pull = _sandbox.GitMl(_repo, "pull");

        AssertRefused(pull, "pull");
        Assert.StartsWith("version https://git-ml.dev/spec/v1\n", File.ReadAllText(Path.Combine(_repo, "model.bin")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_repo, "*.tmp"));
    }

    [Fact]
    public void A_large_file_whose_name_is_not_utf8_is_written_by_the_hand_off_across_a_branch_switch()
    {
        // 34 MB: above the default ml.largeCheckoutSize (32m), so the post-checkout hook writes it.
        _sandbox.Git(_repo, "config", "--unset", "ml.largeCheckoutSize").EnsureSuccess("config");
        _sandbox.Git(_repo, "switch", "-q", "main").EnsureSuccess("switch");
        const string name = "\"$(printf 'lat\\351.bin')\"";
        string sha = Shell($"head -c 34000000 /dev/urandom > {name} && sha256sum < {name} | cut -d' ' -f1").Trim();
        Shell($"git add {name} && git commit -qm latin1");

        _sandbox.Git(_repo, "switch", "-q", "empty").EnsureSuccess("switch away");
        Assert.Equal("", Shell($"ls {name} 2>/dev/null || true").Trim());
        var back = _sandbox.Git(_repo, "switch", "-q", "main").EnsureSuccess("switch back");

        Assert.Equal(sha, Shell($"sha256sum < {name} | cut -d' ' -f1").Trim());
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").EnsureSuccess("status").Stdout);
        // The sandbox has a data remote the file was never pushed to, so status lists it there and nowhere else.
        string mlStatus = _sandbox.GitMl(_repo, "status").EnsureSuccess("ml status").Stdout;
        Assert.DoesNotContain("Modified in the working tree", mlStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("Staged, not committed yet", mlStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("Content not in the local store", mlStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("error", back.Stderr, StringComparison.OrdinalIgnoreCase);

        // And through git ml pull after a checkout that skipped smudge.
        _sandbox.Git(_repo, "switch", "-q", "empty").EnsureSuccess("switch away");
        _sandbox.Run("git", ["switch", "-q", "main"], _repo, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("switch without smudge");
        Assert.StartsWith("version ", Shell($"head -c 8 {name}"), StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "pull").EnsureSuccess("pull");
        Assert.Equal(sha, Shell($"sha256sum < {name} | cut -d' ' -f1").Trim());
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").EnsureSuccess("status").Stdout);
    }

    private string Shell(string script) => _sandbox.Run("sh", ["-c", script], _repo).EnsureSuccess(script).Stdout;
}
