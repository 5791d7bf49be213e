using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml gc` keeps everything Git would keep, whatever the scope: stashes, other worktrees' index and HEAD, a
/// rebase or merge in progress, recent reflog entries, and anything stored within the grace period; it also never
/// loses an object to a concurrent `git add`. Most tests age the store first (every object written 30 days ago), so
/// what keeps an object is the rule under test and not the grace period.
/// </summary>
public sealed class GcSafetyTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public GcSafetyTests()
    {
        _repo = _sandbox.CreateRepository("repo");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        Git("add", ".gitattributes");
        Git("commit", "-qm", "setup");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>No scope flag, and every one of them: what Git keeps is kept either way.</summary>
    public static TheoryData<string[]> Scopes => new() { Array.Empty<string>(), new[] { "--all-branches", "--all-tags", "--all-commits" } };

    private ProcessResult Git(params string[] args) => GitIn(_repo, args);

    private ProcessResult GitIn(string cwd, params string[] args) => _sandbox.Git(cwd, args).EnsureSuccess("git " + string.Join(' ', args));

    /// <summary>Writes random content (unique per seed) to a file of the repository and returns its SHA-256.</summary>
    private string WriteModel(string path, int seed, string? repo = null) =>
        Files.WriteRandom(Path.Combine(repo ?? _repo, path), 2_000 + seed, seed);

    private string Stored(string oid) => Files.ObjectPath(_repo, oid);

    /// <summary>Makes every stored object look written 30 days ago, past the default grace period of 2 weeks.</summary>
    private void AgeStore(TimeSpan? age = null)
    {
        string objects = Path.Combine(_repo, ".git", "ml", "objects");
        foreach (string file in Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - (age ?? TimeSpan.FromDays(30)));
        }
    }

    private void AgeObject(string oid, TimeSpan age) => File.SetLastWriteTimeUtc(Stored(oid), DateTime.UtcNow - age);

    private ProcessResult Gc(params string[] args) => _sandbox.GitMl(_repo, ["gc", .. args]).EnsureSuccess("git ml gc " + string.Join(' ', args));

    private void AssertKept(string oid, string what) => Assert.True(File.Exists(Stored(oid)), $"gc deleted {what} ({oid})");

    /// <summary>Waits (without spinning a core the commands under test need) until the condition holds; a
    /// generous limit keeps a hang from blocking the run, it is no timing assertion.</summary>
    private static void WaitUntil(Func<bool> condition)
    {
        var limit = DateTime.UtcNow.AddMinutes(5);
        while (!condition() && DateTime.UtcNow < limit)
        {
            Thread.Sleep(20);
        }
    }

    private static string[] Listed(ProcessResult json)
    {
        using var doc = JsonDocument.Parse(json.Stdout);
        return [.. doc.RootElement.GetProperty("objects").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Gc_keeps_every_stash_entry_with_its_staged_and_unstaged_content(string[] scope)
    {
        WriteModel("model.bin", 0);
        Git("add", "model.bin");
        Git("commit", "-qm", "model v0");
        var stashed = new List<string>();
        for (int seed = 1; seed <= 4; seed++)
        {
            stashed.Add(WriteModel("model.bin", seed));
            Git("stash", "-q");
        }
        // A stash whose index (staged v5) differs from its working tree (v6): both are in the stash.
        string staged = WriteModel("model.bin", 5);
        Git("add", "model.bin");
        string unstaged = WriteModel("model.bin", 6);
        Git("stash", "-q");
        // Reflog entries count only while recent (gc.reflogExpire): here none do, so only the stash keeps these.
        Git("config", "gc.reflogExpire", "now");
        AgeStore();

        var gc = Gc(["--force", .. scope]);

        for (int i = 0; i < stashed.Count; i++)
        {
            AssertKept(stashed[i], $"the model stashed as stash@{{{4 - i}}}");
        }
        AssertKept(staged, "the stash's staged model");
        AssertKept(unstaged, "the stash's working-tree model");
        Assert.Contains("stash", gc.Stdout, StringComparison.Ordinal);
        Git("stash", "apply", "-q", "stash@{4}");
        Assert.Equal(stashed[0], Files.Sha256(Path.Combine(_repo, "model.bin")));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Gc_keeps_what_another_worktree_has_staged_and_its_detached_HEAD(string[] scope)
    {
        string other = _sandbox.PathOf("other");
        Git("worktree", "add", "-q", "--detach", other);
        string committed = WriteModel("head.bin", 10, other);
        GitIn(other, "add", "head.bin");
        GitIn(other, "commit", "-qm", "only on a detached HEAD");
        string staged = WriteModel("staged.bin", 11, other);
        GitIn(other, "add", "staged.bin");
        Git("config", "gc.reflogExpire", "now");
        AgeStore();

        var gc = Gc(["--force", .. scope]);

        AssertKept(staged, "the file staged in the other worktree");
        AssertKept(committed, "the other worktree's HEAD");
        Assert.Contains("worktree", gc.Stdout, StringComparison.Ordinal);
        GitIn(other, "commit", "-qm", "commit the staged file");
        Assert.Equal("", GitIn(other, "status", "--porcelain").Stdout);
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Gc_keeps_the_commits_a_stopped_rebase_has_still_to_apply(string[] scope)
    {
        Files.Write(Path.Combine(_repo, "conflict.txt"), "base\n");
        Git("add", "conflict.txt");
        Git("commit", "-qm", "base");
        Git("checkout", "-q", "-b", "topic");
        Files.Write(Path.Combine(_repo, "conflict.txt"), "topic\n");
        WriteModel("a.bin", 20);
        Git("add", ".");
        Git("commit", "-qm", "c1: conflicts with main");
        string a2 = WriteModel("a.bin", 21);
        string b1 = WriteModel("b.bin", 22);
        Git("add", ".");
        Git("commit", "-qm", "c2: only this commit has a2 and b1");
        WriteModel("a.bin", 23);
        Git("rm", "-q", "b.bin");
        Git("add", ".");
        Git("commit", "-qm", "c3");
        Git("checkout", "-q", "main");
        Files.Write(Path.Combine(_repo, "conflict.txt"), "main\n");
        Git("commit", "-qam", "main side");
        Git("checkout", "-q", "topic");
        Assert.NotEqual(0, _sandbox.Git(_repo, "rebase", "main").ExitCode);
        Assert.True(Directory.Exists(Path.Combine(_repo, ".git", "rebase-merge")), "the rebase stopped");
        // Neither a ref's tip nor HEAD nor the index has c2's files: only the rebase's to-do list names c2.
        Git("config", "gc.reflogExpire", "now");
        AgeStore();

        Gc(["--force", .. scope]);

        AssertKept(a2, "a file of a commit the rebase has still to apply");
        AssertKept(b1, "a file of a commit the rebase has still to apply");
        Files.Write(Path.Combine(_repo, "conflict.txt"), "resolved\n");
        Git("add", "conflict.txt");
        _sandbox.Run("git", ["rebase", "--continue"], _repo, new Dictionary<string, string> { ["GIT_EDITOR"] = "true" }).EnsureSuccess("rebase --continue");
        Git("checkout", "HEAD~1", "--", "a.bin");
        Assert.Equal(a2, Files.Sha256(Path.Combine(_repo, "a.bin")));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Gc_keeps_the_other_side_of_a_merge_in_progress(string[] scope)
    {
        WriteModel("model.bin", 30);
        Git("add", "model.bin");
        Git("commit", "-qm", "model");
        Git("checkout", "-q", "-b", "other");
        string theirs = WriteModel("model.bin", 31);
        Git("commit", "-qam", "their model");
        Git("checkout", "-q", "main");
        string ours = WriteModel("model.bin", 32);
        Git("commit", "-qam", "our model");
        Assert.NotEqual(0, _sandbox.Git(_repo, "merge", "other").ExitCode);
        // Resolved with ours for now, still merging; the merged branch is gone: only MERGE_HEAD names theirs.
        Git("checkout", "--ours", "model.bin");
        Git("add", "model.bin");
        Git("branch", "-D", "-q", "other");
        Git("config", "gc.reflogExpire", "now");
        AgeStore();

        Gc(["--force", .. scope]);

        AssertKept(ours, "the merge's own side");
        AssertKept(theirs, "the side MERGE_HEAD names");
        Git("checkout", "MERGE_HEAD", "--", "model.bin");
        Assert.Equal(theirs, Files.Sha256(Path.Combine(_repo, "model.bin")));
    }

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Gc_keeps_a_commit_only_a_recent_reflog_entry_reaches_and_lets_it_go_once_the_entry_expires(string[] scope)
    {
        // Reflog entries are dated by the committer date: the sandbox's fixed one is long past, so these use now.
        var now = new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        string amendedAway = WriteModel("model.bin", 40);
        Git("add", "model.bin");
        _sandbox.Run("git", ["commit", "-qm", "model"], _repo, now).EnsureSuccess("commit");
        string current = WriteModel("model.bin", 41);
        Git("add", "model.bin");
        _sandbox.Run("git", ["commit", "-q", "--amend", "-m", "model, amended"], _repo, now).EnsureSuccess("amend");
        AgeStore();

        Gc(["--force", .. scope]);

        AssertKept(amendedAway, "the amended-away commit's model (HEAD@{1})");
        AssertKept(current, "HEAD's model");

        Git("config", "gc.reflogExpire", "now");
        Gc(["--force", .. scope]);
        Assert.False(File.Exists(Stored(amendedAway)), "once its reflog entry has expired, nothing keeps the amended-away model");
        AssertKept(current, "HEAD's model");
    }

    [Fact]
    public void Gc_never_deletes_an_object_stored_within_the_grace_period_unless_prune_says_so()
    {
        // A cloned repository cannot shorten the grace period: .mlconfig is someone else's file.
        Git("config", "-f", ".mlconfig", "ml.gc.pruneExpire", "now");
        Git("add", ".mlconfig");
        Git("commit", "-qm", "a hostile setting");
        string Unreferenced(string path, int seed)
        {
            string oid = WriteModel(path, seed);
            Git("add", path);
            Git("rm", "-q", "--cached", path);
            return oid;
        }
        string young = Unreferenced("young.bin", 50);
        string month = Unreferenced("month.bin", 51);
        string threeDays = Unreferenced("three-days.bin", 52);
        string oneDay = Unreferenced("one-day.bin", 53);
        AgeObject(month, TimeSpan.FromDays(30));
        AgeObject(threeDays, TimeSpan.FromDays(3));
        AgeObject(oneDay, TimeSpan.FromDays(1));

        var dry = Gc("--json");
        Assert.Equal([month], Listed(dry));

        var gc = Gc("--force");
        Assert.False(File.Exists(Stored(month)), "an unreferenced object older than the grace period goes");
        AssertKept(young, "an object stored just now");
        AssertKept(oneDay, "an object stored a day ago");
        AssertKept(threeDays, "an object stored three days ago");
        Assert.Contains("ml.gc.pruneExpire", gc.Stdout, StringComparison.Ordinal);
        Assert.Contains("--prune=now", gc.Stdout, StringComparison.Ordinal);

        Git("config", "ml.gc.pruneExpire", "never");
        AgeStore(TimeSpan.FromDays(400));
        Assert.Empty(Listed(Gc("--json")));
        Git("config", "--unset", "ml.gc.pruneExpire");
        AgeObject(oneDay, TimeSpan.FromDays(1));
        AgeObject(threeDays, TimeSpan.FromDays(3));
        AgeObject(young, TimeSpan.Zero);

        Gc("--force", "--prune=2.days.ago");
        Assert.False(File.Exists(Stored(threeDays)), "--prune=2.days.ago deletes what is older than two days");
        AssertKept(oneDay, "an object younger than --prune's date");

        Gc("--force", "--prune=now");
        Assert.False(File.Exists(Stored(young)), "--prune=now lifts the grace period");
        Assert.False(File.Exists(Stored(oneDay)), "--prune=now lifts the grace period");

        var bad = _sandbox.GitMl(_repo, "gc", "--prune=someday");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("someday", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_looping_while_git_add_stores_20_files_loses_none_of_them()
    {
        var hashes = new Dictionary<string, string>();
        for (int i = 0; i < 20; i++)
        {
            hashes[$"data/f{i:D2}.bin"] = Files.WriteRandom(Path.Combine(_repo, "data", $"f{i:D2}.bin"), 300_000 + i, 60 + i);
        }
        int rounds = 0;
        var failures = new List<string>();
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var r = _sandbox.GitMl(_repo, "gc", "--force");
                if (r.ExitCode != 0)
                {
                    lock (failures)
                    {
                        failures.Add(r.Stderr);
                    }
                }
                Interlocked.Increment(ref rounds);
            }
        });
        WaitUntil(() => Volatile.Read(ref rounds) > 0 || loop.IsCompleted);

        Git("add", "data");
        int afterAdd = Volatile.Read(ref rounds);
        WaitUntil(() => Volatile.Read(ref rounds) > afterAdd + 1 || loop.IsCompleted);
        stop.Cancel();
        await loop;

        Assert.Empty(failures);
        Assert.All(hashes, h => Assert.True(File.Exists(Stored(h.Value)), $"gc deleted {h.Key} while git add stored it"));
        Assert.Equal("", Git("diff", "--name-only").Stdout);
        Git("commit", "-qm", "data");
        Assert.Equal("", Git("status", "--porcelain").Stdout);
        foreach (var (path, _) in hashes)
        {
            File.Delete(Path.Combine(_repo, path));
        }
        Git("checkout", "--", "data");
        Assert.All(hashes, h => Assert.Equal(h.Value, Files.Sha256(Path.Combine(_repo, h.Key))));
    }

    [Fact]
    public void Gc_removes_leftover_temporary_files_of_killed_commands_and_only_those()
    {
        string ml = Path.Combine(_repo, ".git", "ml");
        string Leftover(string relative, TimeSpan age)
        {
            string path = Path.Combine(ml, relative);
            Files.Write(path, "partial");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }
        string[] stale =
        [
            Leftover("tmp/4242-0123456789abcdef0123456789abcdef.tmp", TimeSpan.FromDays(1)),
            Leftover(".pointer-cache.4242.0123456789abcdef0123456789abcdef.tmp", TimeSpan.FromDays(1)),
            Leftover("runcache/ab/abcdef.git-ml-4242.tmp", TimeSpan.FromDays(1)),
        ];
        string[] keep =
        [
            Leftover("tmp/4343-fedcba9876543210fedcba9876543210.tmp", TimeSpan.FromMinutes(5)),
            Leftover("quarantine/0000000000000000000000000000000000000000000000000000000000000000.20260101T000000000Z.1.abcd", TimeSpan.FromDays(100)),
            Leftover("runs/0123456789abcdef/params.json", TimeSpan.FromDays(100)),
        ];

        var dry = Gc();
        Assert.All(stale, f => Assert.True(File.Exists(f), $"a dry run removed {f}"));

        var gc = Gc("--force");
        Assert.All(stale, f => Assert.False(File.Exists(f), $"gc left {f}"));
        Assert.All(keep, f => Assert.True(File.Exists(f), $"gc removed {f}"));
        Assert.Contains("3 leftover temporary file(s)", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("Removed 3 leftover temporary file(s)", gc.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Gc_says_what_it_keeps_and_why_and_its_json_keeps_its_fields()
    {
        var text = Gc();
        Assert.Contains("Keeping what ", text.Stdout, StringComparison.Ordinal);
        foreach (string reason in new[] { "every ref", "worktree", "index", "stash", "reflog", "rebase" })
        {
            Assert.Contains(reason, text.Stdout, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(Gc("--json").Stdout);
        foreach (string field in new[] { "store", "deleted", "kept", "bytes", "objects" })
        {
            Assert.True(json.RootElement.TryGetProperty(field, out _), $"--json lost its '{field}' field");
        }
    }

    [Fact]
    public void Remote_gc_keeps_an_object_uploaded_just_now_unless_prune_says_so()
    {
        string storage = _sandbox.PathOf("storage");
        Directory.CreateDirectory(storage);
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", storage).EnsureSuccess("remote add");
        string kept = WriteModel("kept.bin", 70);
        string dropped = WriteModel("dropped.bin", 71);
        Git("add", ".");
        Git("commit", "-qm", "two models");
        _sandbox.GitMl(_repo, "push").EnsureSuccess("push");
        Git("rm", "-q", "dropped.bin");
        Git("commit", "-q", "--amend", "-m", "one model");
        Git("config", "gc.reflogExpire", "now");
        string RemotePath(string oid) => Path.Combine(storage, oid[..2], oid[2..4], oid);
        Assert.True(File.Exists(RemotePath(dropped)), "pushed");

        Assert.Empty(Listed(Gc("--remote", "storage", "--json")));
        Gc("--remote", "storage", "--force");
        Assert.True(File.Exists(RemotePath(dropped)), "gc --remote deleted an object uploaded just now");

        Gc("--remote", "storage", "--force", "--prune=now");
        Assert.False(File.Exists(RemotePath(dropped)), "--prune=now lifts the grace period on a remote too");
        Assert.True(File.Exists(RemotePath(kept)), "what HEAD refers to stays");
    }
}
