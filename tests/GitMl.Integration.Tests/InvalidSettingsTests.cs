using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A setting with a value git-ml cannot read. In the committed .mlconfig (someone else's file) it is a warning that
/// names the file, the key and the default used, and add, commit, clone and checkout go on. In the user's own git
/// config it never stops the filter or a hook either.
/// </summary>
public sealed class InvalidSettingsTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public InvalidSettingsTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "track", "data/**").EnsureSuccess("track");
    }

    public void Dispose() => _sandbox.Dispose();

    private string CommitData(int seed)
    {
        string sha = Files.WriteRandom(Path.Combine(_repo, "data", "model.bin"), 50_000, seed);
        var add = _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", $"data {seed}").EnsureSuccess("commit");
        return add.Stderr;
    }

    [Fact]
    public void A_committed_large_checkout_size_of_abc_is_a_warning_and_add_clone_and_checkout_go_on()
    {
        _sandbox.Git(_repo, "config", "-f", ".mlconfig", "ml.largeCheckoutSize", "abc").EnsureSuccess("config");

        string addWarning = CommitData(seed: 1);
        string sha = Files.Sha256(Path.Combine(_repo, "data", "model.bin"));
        AssertWarns(addWarning, ".mlconfig", "ml.largeCheckoutSize", "abc", "32m");

        string clone = _sandbox.PathOf("clone");
        var cloned = _sandbox.Git(_sandbox.Root, "clone", "-q", _repo, clone).EnsureSuccess("clone");
        AssertWarns(cloned.Stderr, ".mlconfig", "ml.largeCheckoutSize", "abc", "32m");
        Assert.Equal(sha, Files.Sha256(Path.Combine(clone, "data", "model.bin")));

        File.Delete(Path.Combine(clone, "data", "model.bin"));
        var checkout = _sandbox.Git(clone, "checkout", "--", "data/model.bin").EnsureSuccess("checkout");
        AssertWarns(checkout.Stderr, ".mlconfig", "ml.largeCheckoutSize", "abc", "32m");
        Assert.Equal(sha, Files.Sha256(Path.Combine(clone, "data", "model.bin")));

        _sandbox.GitMl(clone, "status").EnsureSuccess("status");
    }

    public static TheoryData<string, string> TypedKeys => new()
    {
        { "ml.precommit.maxSize", "1m" },
        { "ml.precommit.blockBinary", "true" },
        { "ml.skipSmudge", "false" },
        { "ml.fetchOnSmudge", "true" },
        { "ml.largeCheckoutSize", "32m" },
        { "ml.merge.dropConflictingStages", "false" },
        { "ml.requireApprovedData", "false" },
        { "ml.registry.keepVersions", "off" },
        { "ml.registry.archivedRetentionDays", "off" },
    };

    [Theory]
    [MemberData(nameof(TypedKeys))]
    public void Any_typed_setting_committed_with_a_bad_value_never_stops_add_commit_clone_or_status(string key, string fallback)
    {
        _sandbox.Git(_repo, "config", "-f", ".mlconfig", key, "abc").EnsureSuccess("config");
        CommitData(seed: 2);
        string sha = Files.Sha256(Path.Combine(_repo, "data", "model.bin"));

        string clone = _sandbox.PathOf("clone");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _repo, clone).EnsureSuccess("clone");
        Assert.Equal(sha, Files.Sha256(Path.Combine(clone, "data", "model.bin")));
        var status = _sandbox.GitMl(clone, "status", "--local-only").EnsureSuccess("status");
        AssertWarns(status.Stderr, ".mlconfig", key, "abc", fallback);
        _sandbox.GitMl(clone, "model", "list").EnsureSuccess("model list");
    }

    [Fact]
    public void A_bad_value_in_the_users_own_git_config_never_stops_the_filter_or_the_hooks()
    {
        CommitData(seed: 3);
        _sandbox.Git(_repo, "config", "ml.largeCheckoutSize", "abc").EnsureSuccess("config");
        _sandbox.Git(_repo, "config", "ml.precommit.maxSize", "zzz").EnsureSuccess("config");

        string add = CommitData(seed: 4); // add runs the filter, commit the pre-commit hook
        AssertWarns(add, "ml.largeCheckoutSize", "abc", "32m");
        string sha = Files.Sha256(Path.Combine(_repo, "data", "model.bin"));
        _sandbox.Git(_repo, "checkout", "-q", "HEAD~1").EnsureSuccess("checkout back");
        var forward = _sandbox.Git(_repo, "checkout", "-q", "main").EnsureSuccess("checkout forward");
        AssertWarns(forward.Stderr, "ml.largeCheckoutSize", "abc", "32m");
        Assert.Equal(sha, Files.Sha256(Path.Combine(_repo, "data", "model.bin")));
    }

    private static void AssertWarns(string stderr, params string[] parts)
    {
        var line = stderr.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
        Assert.True(line is not null, $"expected a warning naming {string.Join(", ", parts)}; stderr:\n{stderr}");
        Assert.Contains("warning", line, StringComparison.Ordinal);
    }
}
