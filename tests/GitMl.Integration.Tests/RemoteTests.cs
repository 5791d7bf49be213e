using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>Data remotes end to end with real git: a bare git remote for commits, a directory for data.</summary>
public sealed class RemoteTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _origin;
    private readonly string _storage;
    private readonly string _repo;

    public RemoteTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _storage = _sandbox.PathOf("storage");
        _repo = _sandbox.CreateRepository("a", _origin);
        _sandbox.GitMl(_repo, "track", "*.bin", "data/**").EnsureSuccess("track");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote add");
        _sandbox.Git(_repo, "add", ".gitattributes", ".mlconfig").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "setup").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private Dictionary<string, string> CommitData(int files, int size = 50_000, int seed = 0)
    {
        var hashes = new Dictionary<string, string>();
        for (int i = 0; i < files; i++)
        {
            string path = $"data/f{seed + i:D3}.bin";
            hashes[path] = Files.WriteRandom(Path.Combine(_repo, path), size + i, seed + i);
        }
        _sandbox.Git(_repo, "add", "data").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", $"data {seed}").EnsureSuccess("commit");
        return hashes;
    }

    private static int ObjectsIn(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp", StringComparison.Ordinal)) : 0;

    [Fact]
    public void Remote_add_list_default_and_modify_keep_names_in_mlconfig_and_refuse_secrets_there()
    {
        _sandbox.GitMl(_repo, "remote", "add", "cloud", "s3://bucket/some/prefix").EnsureSuccess("add");
        var list = _sandbox.GitMl(_repo, "remote", "list").EnsureSuccess("list");
        Assert.Equal($"cloud\ts3://bucket/some/prefix\thttps://s3.amazonaws.com: provider endpoint, no approval needed\nstorage\t{_storage} (default)\tdirectory, no credentials used\n", list.Stdout);

        _sandbox.GitMl(_repo, "remote", "default", "cloud").EnsureSuccess("default");
        Assert.Contains("cloud\ts3://bucket/some/prefix (default)", _sandbox.GitMl(_repo, "remote", "list").Stdout, StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "remote", "modify", "cloud", "endpointUrl", "http://127.0.0.1:9").EnsureSuccess("modify");

        var secret = _sandbox.GitMl(_repo, "remote", "modify", "cloud", "secretAccessKey", "SENTINEL");
        Assert.Equal(2, secret.ExitCode);
        Assert.Contains("--local", secret.Stderr, StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "remote", "modify", "--local", "cloud", "secretAccessKey", "SENTINEL").EnsureSuccess("modify --local");

        string committed = File.ReadAllText(Path.Combine(_repo, ".mlconfig"));
        Assert.Contains("url = s3://bucket/some/prefix", committed, StringComparison.Ordinal);
        Assert.Contains("endpointUrl = http://127.0.0.1:9", committed, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", committed, StringComparison.Ordinal);
        Assert.Contains("SENTINEL", File.ReadAllText(Path.Combine(_repo, ".git", "config")), StringComparison.Ordinal);

        using var json = JsonDocument.Parse(_sandbox.GitMl(_repo, "remote", "list", "--json").EnsureSuccess("json").Stdout);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.DoesNotContain("SENTINEL", json.RootElement.ToString(), StringComparison.Ordinal);

        _sandbox.GitMl(_repo, "remote", "remove", "cloud").EnsureSuccess("remove");
        Assert.Single(_sandbox.GitMl(_repo, "remote", "list").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, _sandbox.GitMl(_repo, "remote", "add", "bad name", "/tmp/x").ExitCode);
        Assert.Equal(2, _sandbox.GitMl(_repo, "remote", "add", "x", "ftp://nope").ExitCode);
    }

    [Fact]
    public void Git_push_uploads_data_first_and_a_fresh_clone_gets_every_byte_back()
    {
        var hashes = CommitData(12);
        var push = _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("git push");
        Assert.Contains("uploaded 12 object(s)", push.Stderr, StringComparison.Ordinal);
        Assert.Equal(12, ObjectsIn(_storage));

        // The bare origin has no git-ml store: the clone gets content from the data remote, on demand.
        string clone = _sandbox.PathOf("b");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, clone).EnsureSuccess("clone");
        foreach (var (path, sha) in hashes)
        {
            Assert.Equal(sha, Files.Sha256(Path.Combine(clone, path)));
        }
        Assert.Equal("", _sandbox.Git(clone, "status", "--porcelain").Stdout);
    }

    [Fact]
    public void Clone_without_smudge_then_pull_materialises_everything()
    {
        var hashes = CommitData(5);
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("git push");

        string clone = _sandbox.PathOf("b");
        _sandbox.Run("git", ["clone", "-q", _origin, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        Assert.StartsWith("version ", File.ReadAllText(Path.Combine(clone, "data/f000.bin")), StringComparison.Ordinal);

        var pull = _sandbox.GitMl(clone, "pull", "--json").EnsureSuccess("pull");
        using var json = JsonDocument.Parse(pull.Stdout);
        Assert.Equal(5, json.RootElement.GetProperty("downloaded").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("materialized").GetInt32());
        foreach (var (path, sha) in hashes)
        {
            Assert.Equal(sha, Files.Sha256(Path.Combine(clone, path)));
        }
        Assert.Equal("", _sandbox.Git(clone, "status", "--porcelain").Stdout);

        var again = _sandbox.GitMl(clone, "pull", "--json").EnsureSuccess("pull again");
        using var second = JsonDocument.Parse(again.Stdout);
        Assert.Equal(0, second.RootElement.GetProperty("downloaded").GetInt32());
        Assert.Equal(5, second.RootElement.GetProperty("alreadyPresent").GetInt32());
    }

    [Fact]
    public void Fetch_include_and_exclude_select_paths()
    {
        CommitData(4);
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("git push");
        string clone = _sandbox.PathOf("b");
        _sandbox.Run("git", ["clone", "-q", _origin, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");

        using var json = JsonDocument.Parse(_sandbox.GitMl(clone, "fetch", "--include", "data/f00[01].bin", "--exclude", "*1.bin", "--json").EnsureSuccess("fetch").Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("downloaded").GetInt32());
        var listing = _sandbox.GitMl(clone, "ls-files").Stdout;
        Assert.Contains("* data/f000.bin", listing, StringComparison.Ordinal);
        Assert.Contains("- data/f001.bin", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_push_is_blocked_when_the_data_remote_is_unreachable_and_says_why()
    {
        CommitData(2);
        Directory.Delete(_storage, recursive: true); // an unmounted drive

        var push = _sandbox.Git(_repo, "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("push blocked", push.Stderr, StringComparison.Ordinal);
        Assert.Contains("storage", push.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, _sandbox.Git(_origin, "rev-parse", "--verify", "-q", "refs/heads/main").ExitCode);

        var skipped = _sandbox.Run("git", ["push", "-q", "origin", "main"], _repo, new Dictionary<string, string> { ["GIT_ML_SKIP_PUSH"] = "1" }).EnsureSuccess("push with skip");
        Assert.Contains("GIT_ML_SKIP_PUSH", skipped.Stderr, StringComparison.Ordinal);
        _sandbox.Git(_origin, "rev-parse", "--verify", "-q", "refs/heads/main").EnsureSuccess("pushed");
    }

    [Fact]
    public void Push_without_any_data_remote_is_blocked_with_the_command_that_fixes_it()
    {
        _sandbox.GitMl(_repo, "remote", "remove", "storage").EnsureSuccess("remove");
        CommitData(1);
        var push = _sandbox.Git(_repo, "push", "origin", "main");
        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("git ml remote add -d", push.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_ml_push_skips_what_the_remote_has_and_status_tells_what_is_not_pushed()
    {
        CommitData(3);
        using (var first = JsonDocument.Parse(_sandbox.GitMl(_repo, "push", "--json").EnsureSuccess("push").Stdout))
        {
            Assert.Equal(3, first.RootElement.GetProperty("uploaded").GetInt32());
        }
        CommitData(2, seed: 100);
        using (var status = JsonDocument.Parse(_sandbox.GitMl(_repo, "status", "--json").EnsureSuccess("status").Stdout))
        {
            var notPushed = status.RootElement.GetProperty("files").EnumerateArray().Where(f => !f.GetProperty("pushed").GetBoolean()).Select(f => f.GetProperty("path").GetString()!).Order().ToArray();
            Assert.Equal(["data/f100.bin", "data/f101.bin"], notPushed);
        }
        using (var second = JsonDocument.Parse(_sandbox.GitMl(_repo, "push", "--all", "--json").EnsureSuccess("push").Stdout))
        {
            Assert.Equal(2, second.RootElement.GetProperty("uploaded").GetInt32());
            Assert.Equal(3, second.RootElement.GetProperty("skipped").GetInt32());
        }
        Assert.Contains("Everything is committed, present locally and on the data remote", _sandbox.GitMl(_repo, "status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_ml_push_to_a_second_remote_after_git_push_uploads_what_that_remote_lacks()
    {
        // The commits reach the Git remote (and the default data remote) first; a second data remote added later
        // has nothing, and remote-tracking branches cannot say so: it gets what it lacks, not "0 object(s)".
        var hashes = CommitData(3);
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("git push");
        string backup = _sandbox.PathOf("backup");
        _sandbox.GitMl(_repo, "remote", "add", "backup", backup).EnsureSuccess("remote add");

        using (var push = JsonDocument.Parse(_sandbox.GitMl(_repo, "push", "backup", "--json").EnsureSuccess("push backup").Stdout))
        {
            Assert.Equal(3, push.RootElement.GetProperty("uploaded").GetInt32());
        }
        foreach (string sha in hashes.Values)
        {
            Assert.True(File.Exists(Path.Combine(backup, sha[..2], sha[2..4], sha)), $"{sha} is not on the second remote");
        }
        using (var again = JsonDocument.Parse(_sandbox.GitMl(_repo, "push", "backup", "--json").EnsureSuccess("push backup again").Stdout))
        {
            Assert.Equal(0, again.RootElement.GetProperty("uploaded").GetInt32());
            Assert.Equal(3, again.RootElement.GetProperty("skipped").GetInt32());
        }
    }

    [Fact]
    public void Fsck_finds_and_quarantines_a_corrupt_local_object_and_reports_a_corrupt_remote_one()
    {
        var hashes = CommitData(3);
        _sandbox.GitMl(_repo, "push").EnsureSuccess("push");
        string sha = hashes["data/f001.bin"];
        Files.FlipOneByte(Files.ObjectPath(_repo, sha));
        string remoteCopy = Path.Combine(_storage, sha[..2], sha[2..4], sha);
        Files.FlipOneByte(remoteCopy);

        var fsck = _sandbox.GitMl(_repo, "fsck", "--remote", "storage");

        Assert.Equal(1, fsck.ExitCode);
        Assert.Contains("local store: 3 object(s) checked, 1 bad", fsck.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 object(s) checked, 1 bad", fsck.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains(sha, fsck.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Files.ObjectPath(_repo, sha)));
    }

    [Fact]
    public void Gc_keeps_what_the_scope_refers_to_and_its_dry_run_lists_exactly_what_it_deletes()
    {
        var onMain = CommitData(1, seed: 0);
        _sandbox.Git(_repo, "checkout", "-q", "-b", "side").EnsureSuccess("branch");
        var onSide = CommitData(1, seed: 10);
        _sandbox.Git(_repo, "tag", "v1").EnsureSuccess("tag");
        _sandbox.Git(_repo, "checkout", "-q", "main").EnsureSuccess("checkout");
        var old = CommitData(1, seed: 20);
        string oldCommit = _sandbox.Git(_repo, "rev-parse", "HEAD").Stdout.Trim();
        File.Delete(Path.Combine(_repo, "data/f020.bin"));
        _sandbox.Git(_repo, "commit", "-qam", "drop f020").EnsureSuccess("commit");
        _sandbox.Git(_repo, "checkout", "-q", "--detach", oldCommit).EnsureSuccess("detach");
        _sandbox.Git(_repo, "checkout", "-q", "main").EnsureSuccess("back");
        // Now: f000 on main, f010 on side and v1, f020 only in main's history (and a detached checkout, gone from
        // every reflog once reflog entries expire at once). Every object was stored long ago.
        _sandbox.Git(_repo, "config", "gc.reflogExpire", "now").EnsureSuccess("config");
        foreach (string file in Directory.EnumerateFiles(Path.Combine(_repo, ".git", "ml", "objects"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-30));
        }

        using (var dry = JsonDocument.Parse(_sandbox.GitMl(_repo, "gc", "--json").EnsureSuccess("gc").Stdout))
        {
            // The tip of every ref is always kept: f010 stays whatever the scope.
            Assert.False(dry.RootElement.GetProperty("deleted").GetBoolean());
            Assert.Equal([old["data/f020.bin"]], dry.RootElement.GetProperty("objects").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        Assert.True(File.Exists(Files.ObjectPath(_repo, old["data/f020.bin"])), "a dry run deletes nothing");

        using (var branches = JsonDocument.Parse(_sandbox.GitMl(_repo, "gc", "--all-branches", "--json").EnsureSuccess("gc").Stdout))
        {
            Assert.Equal([old["data/f020.bin"]], branches.RootElement.GetProperty("objects").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        using (var history = JsonDocument.Parse(_sandbox.GitMl(_repo, "gc", "--all-commits", "--json").EnsureSuccess("gc").Stdout))
        {
            Assert.Equal(0, history.RootElement.GetProperty("objects").GetArrayLength());
        }

        _sandbox.GitMl(_repo, "gc", "--all-branches", "--force").EnsureSuccess("gc --force");
        Assert.False(File.Exists(Files.ObjectPath(_repo, old["data/f020.bin"])));
        Assert.True(File.Exists(Files.ObjectPath(_repo, onMain["data/f000.bin"])));
        Assert.True(File.Exists(Files.ObjectPath(_repo, onSide["data/f010.bin"])));
    }

    [Fact]
    public void Remote_gc_never_deletes_what_any_branch_or_tag_reaches()
    {
        var kept = CommitData(2);
        _sandbox.GitMl(_repo, "push", "--all").EnsureSuccess("push");
        // An object on the remote that no commit refers to.
        string stray = Files.WriteRandom(Path.Combine(_sandbox.Root, "stray.bin"), 1000, 77);
        string strayKey = Path.Combine(_storage, stray[..2], stray[2..4], stray);
        Directory.CreateDirectory(Path.GetDirectoryName(strayKey)!);
        File.Copy(Path.Combine(_sandbox.Root, "stray.bin"), strayKey);
        File.SetLastWriteTimeUtc(strayKey, DateTime.UtcNow.AddDays(-30)); // uploaded long ago

        using (var dry = JsonDocument.Parse(_sandbox.GitMl(_repo, "gc", "--remote", "storage", "--json").EnsureSuccess("gc").Stdout))
        {
            Assert.Equal([stray], dry.RootElement.GetProperty("objects").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }
        _sandbox.GitMl(_repo, "gc", "--remote", "storage", "--force").EnsureSuccess("gc --force");
        Assert.False(File.Exists(strayKey));
        foreach (string sha in kept.Values)
        {
            Assert.True(File.Exists(Path.Combine(_storage, sha[..2], sha[2..4], sha)));
        }
    }
}
