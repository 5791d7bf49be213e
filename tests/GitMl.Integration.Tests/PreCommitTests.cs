using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>The pre-commit hook through real `git commit`.</summary>
public sealed class PreCommitTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public PreCommitTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "install", "--local").EnsureSuccess("install");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Blocks_an_untracked_5MB_binary_and_a_2MB_csv_naming_each_file_and_the_fix()
    {
        Files.WriteRandom(Path.Combine(_repo, "models", "model.bin"), 5 << 20);
        File.WriteAllText(Path.Combine(_repo, "train.csv"), string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},{i * 3}\n")));
        Files.Write(Path.Combine(_repo, "train.py"), "print('hello')\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");

        var commit = _sandbox.Git(_repo, "commit", "-m", "oops");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("models/model.bin", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("train.csv", commit.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("train.py", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("5.0 MiB", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git ml add models/model.bin train.csv", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains("git rm --cached models/model.bin train.csv", commit.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, _sandbox.Git(_repo, "rev-parse", "--verify", "-q", "HEAD").ExitCode);
    }

    [Fact]
    public void Passes_small_text_files()
    {
        Files.Write(Path.Combine(_repo, "src", "train.py"), "import torch\n");
        Files.Write(Path.Combine(_repo, "params.yaml"), "lr: 0.01\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "code").EnsureSuccess("commit");
    }

    [Fact]
    public void Passes_the_same_large_files_once_they_are_tracked_by_git_ml()
    {
        string model = Files.WriteRandom(Path.Combine(_repo, "models", "model.bin"), 5 << 20);
        File.WriteAllText(Path.Combine(_repo, "train.csv"), string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i},{i * 3}\n")));
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        Assert.NotEqual(0, _sandbox.Git(_repo, "commit", "-qm", "blocked").ExitCode);

        // The fix the message gives.
        _sandbox.GitMl(_repo, "add", "models/model.bin", "train.csv").EnsureSuccess("git ml add");
        _sandbox.Git(_repo, "commit", "-qm", "tracked").EnsureSuccess("commit after tracking");

        string pointer = _sandbox.Git(_repo, "cat-file", "-p", "HEAD:models/model.bin").Stdout;
        Assert.Contains($"oid sha256:{model}", pointer, StringComparison.Ordinal);
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);
    }

    [Fact]
    public void A_file_tracked_after_it_was_staged_is_blocked_with_the_renormalize_fix()
    {
        Files.WriteRandom(Path.Combine(_repo, "weights.pt"), 2 << 20);
        _sandbox.Git(_repo, "add", "weights.pt").EnsureSuccess("add");
        _sandbox.GitMl(_repo, "track", "*.pt").EnsureSuccess("track");

        var commit = _sandbox.Git(_repo, "commit", "-qm", "x");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("git add --renormalize weights.pt", commit.Stderr, StringComparison.Ordinal);
        _sandbox.Git(_repo, "add", "--renormalize", "weights.pt").EnsureSuccess("renormalize");
        _sandbox.Git(_repo, "add", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "x").EnsureSuccess("commit after renormalize");
    }

    [Fact]
    public void Blocks_a_staged_pointer_whose_object_is_missing_from_the_store()
    {
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        string oid = Files.WriteRandom(Path.Combine(_repo, "a.bin"), 4096);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        // Without the working-tree file git cannot re-clean it (and so re-create the object) during the commit.
        File.Delete(Path.Combine(_repo, "a.bin"));
        File.Delete(Files.ObjectPath(_repo, oid));

        var commit = _sandbox.Git(_repo, "commit", "-qm", "x");

        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("a.bin", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains(oid[..12], commit.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_patterns_size_limit_and_no_verify_let_files_through()
    {
        Files.WriteRandom(Path.Combine(_repo, "docs", "logo.png"), 4000);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        Assert.NotEqual(0, _sandbox.Git(_repo, "commit", "-qm", "x").ExitCode);

        _sandbox.Git(_repo, "config", "-f", ".mlconfig", "--add", "ml.precommit.allow", "docs/*.png").EnsureSuccess("allow");
        _sandbox.Git(_repo, "add", ".mlconfig").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "allowed").EnsureSuccess("commit with allow pattern");

        File.WriteAllText(Path.Combine(_repo, "big.txt"), new string('x', 3 << 20));
        _sandbox.Git(_repo, "add", "big.txt").EnsureSuccess("add");
        Assert.NotEqual(0, _sandbox.Git(_repo, "commit", "-qm", "x").ExitCode);
        _sandbox.Git(_repo, "config", "ml.precommit.maxSize", "4m").EnsureSuccess("limit");
        _sandbox.Git(_repo, "commit", "-qm", "raised").EnsureSuccess("commit under a raised limit");

        Files.WriteRandom(Path.Combine(_repo, "blob.dat"), 8 << 20);
        _sandbox.Git(_repo, "add", "blob.dat").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "forced", "--no-verify").EnsureSuccess("--no-verify");
    }

    [Fact]
    public void Pointers_clean_just_made_are_checked_without_reading_them_back_and_a_missing_object_is_still_caught()
    {
        // Issue 17 point 3: the clean filter records the blobs it makes in the pointer cache, so the pre-commit hook
        // over thousands of freshly added pointers starts no `git cat-file`; the checks themselves still run.
        _sandbox.GitMl(_repo, "track", "data/**").EnsureSuccess("track");
        _sandbox.Git(_repo, "add", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "track data").EnsureSuccess("commit");
        for (int i = 0; i < 200; i++)
        {
            Files.WriteRandom(Path.Combine(_repo, "data", $"f{i:D3}.bin"), 2048, i);
        }
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        string trace = _sandbox.PathOf("trace.txt");

        _sandbox.Run("git", ["commit", "-qm", "data"], _repo, new Dictionary<string, string> { ["GIT_TRACE"] = trace }).EnsureSuccess("commit");

        string traced = File.ReadAllText(trace);
        Assert.Contains("pre-commit", traced, StringComparison.Ordinal);
        Assert.DoesNotContain("cat-file", traced, StringComparison.Ordinal);

        // An object missing from the store is still found, from the cached pointer.
        string oid = Files.WriteRandom(Path.Combine(_repo, "data", "late.bin"), 4096, 999);
        _sandbox.Git(_repo, "add", "data/late.bin").EnsureSuccess("add");
        File.SetAttributes(Files.ObjectPath(_repo, oid), FileAttributes.Normal);
        File.Delete(Files.ObjectPath(_repo, oid));
        // The file goes too: git may clean a file staged within the same second again, which would store it back.
        File.Delete(Path.Combine(_repo, "data", "late.bin"));
        var commit = _sandbox.Git(_repo, "commit", "-qm", "late");
        Assert.NotEqual(0, commit.ExitCode);
        Assert.Contains("data/late.bin", commit.Stderr, StringComparison.Ordinal);
    }
}
