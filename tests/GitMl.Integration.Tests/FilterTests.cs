using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>The clean/smudge filter through real `git add`, `checkout`, `clone` and `status`.</summary>
public sealed class FilterTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public FilterTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "track", "*.bin", "data/**").EnsureSuccess("track");
        _sandbox.Git(_repo, "add", ".gitattributes").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "track").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private void AssertClean(string repo) => Assert.Equal("", _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout);

    [Fact]
    public void A_1GiB_file_round_trips_through_add_checkout_and_clone_with_a_small_pointer_in_git()
    {
        const long size = 1L << 30;
        string file = Path.Combine(_repo, "big.bin");
        string sha = Files.WriteRandom(file, size, seed: 7);

        _sandbox.Git(_repo, "add", "big.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "big").EnsureSuccess("commit");
        AssertClean(_repo);

        string blob = _sandbox.Git(_repo, "rev-parse", "HEAD:big.bin").Stdout.Trim();
        long blobSize = long.Parse(_sandbox.Git(_repo, "cat-file", "-s", blob).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(blobSize < 1024, $"pointer is {blobSize} bytes");
        Assert.Equal($"version https://git-ml.dev/spec/v1\noid sha256:{sha}\nsize {size}\n", _sandbox.Git(_repo, "cat-file", "-p", blob).Stdout);
        Assert.Equal(sha, Files.Sha256(Files.ObjectPath(_repo, sha)));

        File.Delete(file);
        _sandbox.Git(_repo, "checkout", "--", "big.bin").EnsureSuccess("checkout");
        Assert.Equal(sha, Files.Sha256(file));
        AssertClean(_repo);

        string clone = _sandbox.PathOf("clone");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _repo, clone).EnsureSuccess("clone");
        Assert.Equal(sha, Files.Sha256(Path.Combine(clone, "big.bin")));
        AssertClean(clone);
    }

    [Fact]
    public void Five_thousand_files_go_through_one_filter_process_per_git_command()
    {
        for (int i = 0; i < 5000; i++)
        {
            Files.WriteRandom(Path.Combine(_repo, "data", $"d{i / 100:D2}", $"f{i:D4}.dat"), 20 * 1024, seed: i);
        }
        string trace = _sandbox.PathOf("trace");
        var traced = new Dictionary<string, string> { ["GIT_TRACE"] = trace };

        _sandbox.Run("git", ["add", "data"], _repo, traced).EnsureSuccess("add");
        Assert.Equal(1, CountFilterStarts(trace));
        _sandbox.Run("git", ["commit", "-qm", "data"], _repo, traced).EnsureSuccess("commit");
        Assert.Equal(5000, _sandbox.GitMl(_repo, "ls-files").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        _sandbox.Git(_repo, "checkout", "-q", "-b", "empty", "HEAD~1").EnsureSuccess("checkout other branch");
        Assert.False(Directory.Exists(Path.Combine(_repo, "data")));
        File.Delete(trace);
        _sandbox.Run("git", ["checkout", "-q", "main"], _repo, traced).EnsureSuccess("checkout back");
        Assert.Equal(1, CountFilterStarts(trace));

        Assert.Equal(Files.Sha256(Path.Combine(_repo, "data", "d49", "f4999.dat")), SeededSha(20 * 1024, 4999));
        AssertClean(_repo);
    }

    [Fact]
    public void A_missing_object_fails_checkout_of_that_file_naming_path_oid_and_next_step()
    {
        string sha = Files.WriteRandom(Path.Combine(_repo, "model.bin"), 100_000);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "m").EnsureSuccess("commit");
        File.Delete(Files.ObjectPath(_repo, sha));
        File.Delete(Path.Combine(_repo, "model.bin"));

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("'model.bin'", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains(sha, checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains("GIT_ML_SKIP_SMUDGE=1", checkout.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "model.bin")));
    }

    [Fact]
    public void A_corrupted_object_fails_checkout_names_path_and_oid_and_never_reaches_the_worktree()
    {
        string file = Path.Combine(_repo, "model.bin");
        string sha = Files.WriteRandom(file, 3 << 20);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "m").EnsureSuccess("commit");
        Files.FlipOneByte(Files.ObjectPath(_repo, sha));
        File.Delete(file);

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("'model.bin'", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains(sha, checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains("corrupt", checkout.Stderr, StringComparison.Ordinal);
        Assert.True(!File.Exists(file) || Files.Sha256(file) == sha, "corrupt bytes reached the working tree");
        Assert.False(File.Exists(Files.ObjectPath(_repo, sha)), "the corrupt object must leave the store");
        Assert.Single(Directory.GetFiles(Path.Combine(_repo, ".git", "ml", "quarantine")));

        // Re-adding the original content repairs the store.
        Files.WriteRandom(file, 3 << 20);
        _sandbox.Git(_repo, "add", "--renormalize", "model.bin").EnsureSuccess("re-add");
        Assert.Equal(sha, Files.Sha256(Files.ObjectPath(_repo, sha)));
    }

    [Fact]
    public void Skip_smudge_leaves_pointers_and_status_stays_clean()
    {
        string sha = Files.WriteRandom(Path.Combine(_repo, "model.bin"), 50_000);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "m").EnsureSuccess("commit");

        string clone = _sandbox.PathOf("clone");
        _sandbox.Run("git", ["clone", "-q", _repo, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        string content = File.ReadAllText(Path.Combine(clone, "model.bin"));
        Assert.StartsWith("version https://git-ml.dev/spec/v1\n", content, StringComparison.Ordinal);
        Assert.Contains(sha, content, StringComparison.Ordinal);
        AssertClean(clone);

        // The setting does the same for every command of that clone.
        _sandbox.Git(clone, "config", "ml.skipSmudge", "true").EnsureSuccess("config");
        File.Delete(Path.Combine(clone, "model.bin"));
        _sandbox.Git(clone, "checkout", "--", "model.bin").EnsureSuccess("checkout");
        Assert.StartsWith("version ", File.ReadAllText(Path.Combine(clone, "model.bin")), StringComparison.Ordinal);
    }

    [Fact]
    public void Content_that_is_not_a_pointer_passes_smudge_byte_for_byte_whatever_its_size()
    {
        // Commit 20 MB of raw bytes under a tracked name with the filter switched off, as a repository that
        // adopted git-ml after the fact has them in history.
        string file = Path.Combine(_repo, "legacy.bin");
        string sha = Files.WriteRandom(file, 20 << 20);
        string[] noFilter = ["-c", "filter.ml.process=", "-c", "filter.ml.clean=", "-c", "filter.ml.required=false"];
        _sandbox.Git(_repo, [.. noFilter, "add", "legacy.bin"]).EnsureSuccess("add raw");
        _sandbox.Git(_repo, [.. noFilter, "commit", "-qm", "raw", "--no-verify"]).EnsureSuccess("commit raw");
        File.Delete(file);

        _sandbox.Git(_repo, "checkout", "--", "legacy.bin").EnsureSuccess("checkout through the filter");

        Assert.Equal(sha, Files.Sha256(file));
    }

    [Fact]
    public void The_one_shot_clean_and_smudge_commands_work_for_tools_without_the_process_protocol()
    {
        // Git uses filter.ml.clean and filter.ml.smudge only when no filter.ml.process is configured at all (an
        // empty value does not count), so this repository gets a global config with just those.
        string oneShotConfig = _sandbox.PathOf("one-shot.gitconfig");
        File.WriteAllText(oneShotConfig, File.ReadAllText(Path.Combine(_sandbox.Home, ".gitconfig")).Replace("\tprocess = git-ml filter-process\n", "", StringComparison.Ordinal));
        Assert.DoesNotContain("filter-process", File.ReadAllText(oneShotConfig), StringComparison.Ordinal);
        var oneShot = new Dictionary<string, string> { ["GIT_CONFIG_GLOBAL"] = oneShotConfig, ["GIT_TRACE"] = _sandbox.PathOf("one-shot.trace") };
        string file = Path.Combine(_repo, "one.bin");
        string sha = Files.WriteRandom(file, 2 << 20, 5);

        _sandbox.Run("git", ["add", "one.bin"], _repo, oneShot).EnsureSuccess("add");
        _sandbox.Run("git", ["commit", "-qm", "one"], _repo, oneShot).EnsureSuccess("commit");
        Assert.Contains(sha, _sandbox.Git(_repo, "cat-file", "-p", "HEAD:one.bin").Stdout, StringComparison.Ordinal);
        Assert.Equal(sha, Files.Sha256(Files.ObjectPath(_repo, sha)));

        File.Delete(file);
        _sandbox.Run("git", ["checkout", "--", "one.bin"], _repo, oneShot).EnsureSuccess("checkout");
        Assert.Equal(sha, Files.Sha256(file));
        string trace = File.ReadAllText(_sandbox.PathOf("one-shot.trace"));
        Assert.Contains("git-ml clean", trace, StringComparison.Ordinal);
        Assert.Contains("git-ml smudge", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("filter-process", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Worktrees_share_one_store()
    {
        string sha = Files.WriteRandom(Path.Combine(_repo, "model.bin"), 10_000);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "m").EnsureSuccess("commit");

        string worktree = _sandbox.PathOf("wt");
        _sandbox.Git(_repo, "worktree", "add", "-q", worktree, "-b", "other").EnsureSuccess("worktree add");

        Assert.Equal(sha, Files.Sha256(Path.Combine(worktree, "model.bin")));
        Assert.False(Directory.Exists(Path.Combine(_repo, ".git", "worktrees", "wt", "ml")));
        AssertClean(worktree);
    }

    [Fact]
    public void Post_checkout_materialises_pointers_once_their_content_is_available_and_reports_the_rest()
    {
        string a = Files.WriteRandom(Path.Combine(_repo, "a.bin"), 30_000, seed: 1);
        string b = Files.WriteRandom(Path.Combine(_repo, "b.bin"), 30_000, seed: 2);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "m").EnsureSuccess("commit");

        // A clone whose origin is not a local path, so it cannot find the content by itself.
        string clone = _sandbox.PathOf("clone");
        _sandbox.Run("git", ["clone", "-q", _repo, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        _sandbox.Git(clone, "remote", "set-url", "origin", "https://example.invalid/repo.git").EnsureSuccess("set-url");
        string storeA = Files.ObjectPath(clone, a);
        Directory.CreateDirectory(Path.GetDirectoryName(storeA)!);
        File.Copy(Files.ObjectPath(_repo, a), storeA);

        var checkout = _sandbox.Git(clone, "checkout", "-q", "-b", "next");

        checkout.EnsureSuccess("checkout");
        Assert.Equal(a, Files.Sha256(Path.Combine(clone, "a.bin")));
        Assert.StartsWith("version ", File.ReadAllText(Path.Combine(clone, "b.bin")), StringComparison.Ordinal);
        Assert.Contains("b.bin", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains(b[..10], checkout.Stderr, StringComparison.Ordinal);
        AssertClean(clone);
    }

    private static int CountFilterStarts(string traceFile) =>
        File.ReadLines(traceFile).Count(l => l.Contains("run_command: 'git-ml filter-process'", StringComparison.Ordinal)
                                          || l.Contains("run_command: git-ml filter-process", StringComparison.Ordinal));

    private static string SeededSha(long size, int seed)
    {
        string temp = Path.GetTempFileName();
        try
        {
            return Files.WriteRandom(temp, size, seed);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
