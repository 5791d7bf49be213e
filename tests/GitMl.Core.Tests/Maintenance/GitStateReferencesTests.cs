using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Maintenance;
using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Maintenance;

/// <summary>
/// What Git keeps, read from a real repository. No filter is installed here: pointer texts are committed as they
/// are, which is all gc reads from Git.
/// </summary>
public sealed class GitStateReferencesTests : IDisposable
{
    private readonly GitRepoFixture _fx = new();
    private int _next;

    public void Dispose() => _fx.Dispose();

    /// <summary>Writes a pointer to new (imaginary) content at <paramref name="path"/> and returns its object id.</summary>
    private ObjectId WritePointer(string path, string? worktree = null)
    {
        var oid = ObjectId.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes($"content {_next++}")));
        File.WriteAllText(System.IO.Path.Combine(worktree ?? _fx.Path, path), new Pointer(oid, 100).ToString());
        return oid;
    }

    private HashSet<ObjectId> Kept() => [.. new GitStateReferences().Referenced(_fx.Repo)];

    private string Git(params string[] args) => _fx.Git.Check(args).StdoutText.Trim();

    /// <summary>A commit no ref or reflog reaches, whose tree holds one pointer.</summary>
    private (string Commit, ObjectId Oid) DanglingCommit()
    {
        var oid = ObjectId.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes($"dangling {_next++}")));
        string blob = GitRefs.WriteBlob(_fx.Git, new Pointer(oid, 7).Encode());
        string tree = GitRefs.WriteTree(_fx.Git, [new("model.bin", blob)]);
        return (GitRefs.WriteCommit(_fx.Git, tree, [], "dangling"), oid);
    }

    [Fact]
    public void Keeps_every_worktrees_index_and_HEAD_and_every_refs_tip()
    {
        var onMain = WritePointer("main.bin");
        Git("add", "main.bin");
        Git("commit", "-qm", "main");
        Git("branch", "side");
        var staged = WritePointer("staged.bin");
        Git("add", "staged.bin");
        string other = _fx.Path + "-other";
        try
        {
            Git("worktree", "add", "-q", "--detach", other);
            var otherGit = new GitCli(other);
            var detached = WritePointer("detached.bin", other);
            otherGit.Check(["add", "detached.bin"]);
            otherGit.Check(["commit", "-qm", "detached"]);
            var otherStaged = WritePointer("other-staged.bin", other);
            otherGit.Check(["add", "other-staged.bin"]);
            var tagged = DanglingCommit();
            Git("tag", "v1", tagged.Commit);
            var remoteTracking = DanglingCommit();
            Git("update-ref", "refs/remotes/origin/main", remoteTracking.Commit);
            var bisect = DanglingCommit();
            otherGit.Check(["update-ref", "refs/bisect/bad", bisect.Commit]);
            Git("config", "gc.reflogExpire", "now");

            var kept = Kept();

            Assert.Contains(onMain, kept);
            Assert.Contains(staged, kept);
            Assert.Contains(detached, kept);
            Assert.Contains(otherStaged, kept);
            Assert.Contains(tagged.Oid, kept);
            Assert.Contains(remoteTracking.Oid, kept);
            Assert.Contains(bisect.Oid, kept);
        }
        finally
        {
            Git("worktree", "remove", "--force", other);
        }
    }

    [Fact]
    public void Keeps_a_linked_worktrees_index_after_its_folder_is_gone_until_it_is_pruned()
    {
        string other = _fx.Path + "-gone";
        Git("worktree", "add", "-q", "--detach", other);
        var staged = WritePointer("staged.bin", other);
        new GitCli(other).Check(["add", "staged.bin"]);
        Directory.Delete(other, recursive: true);

        Assert.Contains(staged, Kept());

        Git("worktree", "prune");
        Assert.DoesNotContain(staged, Kept());
    }

    [Fact]
    public void Keeps_every_stash_entry_with_its_index_however_old_its_reflog_entry()
    {
        WritePointer("model.bin");
        Git("add", "model.bin");
        Git("commit", "-qm", "model");
        var stashed = new List<ObjectId>();
        for (int i = 0; i < 3; i++)
        {
            stashed.Add(WritePointer("model.bin"));
            Git("stash", "-q");
        }
        var staged = WritePointer("model.bin");
        Git("add", "model.bin");
        var unstaged = WritePointer("model.bin");
        Git("stash", "-q");
        Git("config", "gc.reflogExpire", "now");

        var kept = Kept();

        Assert.All(stashed, s => Assert.Contains(s, kept));
        Assert.Contains(staged, kept);
        Assert.Contains(unstaged, kept);
    }

    [Fact]
    public void Keeps_reflog_entries_newer_than_gc_reflogExpire_and_what_they_replaced_but_no_older_one()
    {
        var old = new Dictionary<string, string?> { ["GIT_COMMITTER_DATE"] = "2020-01-01T00:00:00Z" };
        var now = new Dictionary<string, string?> { ["GIT_COMMITTER_DATE"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        ObjectId Commit(Dictionary<string, string?> when, bool amend)
        {
            var oid = WritePointer("model.bin");
            Git("add", "model.bin");
            _fx.Git.Check(amend ? ["commit", "-q", "--amend", "-m", "amended"] : ["commit", "-qm", "first"], environment: when);
            return oid;
        }
        var ancient = Commit(old, amend: false);
        var replacedByARecentEntry = Commit(old, amend: true);
        var recent = Commit(now, amend: true);
        Commit(now, amend: true);

        var kept = Kept();
        Assert.Contains(recent, kept);
        // Git keeps both sides of a recent entry: the commit it replaced stays too, even though its own entry is old.
        Assert.Contains(replacedByARecentEntry, kept);
        Assert.DoesNotContain(ancient, kept);

        Git("config", "gc.reflogExpire", "never");
        Assert.Contains(ancient, Kept());
        Git("config", "gc.reflogExpire", "now");
        Assert.DoesNotContain(recent, Kept());
    }

    [Fact]
    public void Keeps_every_head_of_a_merge_and_the_commits_of_a_rebase_or_cherry_pick_in_progress()
    {
        string gitDir = _fx.Repo.Layout.GitDirectory;
        var octopus = new[] { DanglingCommit(), DanglingCommit() };
        File.WriteAllText(System.IO.Path.Combine(gitDir, "MERGE_HEAD"), string.Concat(octopus.Select(c => c.Commit + "\n")));
        var orig = DanglingCommit();
        File.WriteAllText(System.IO.Path.Combine(gitDir, "ORIG_HEAD"), orig.Commit + "\n");
        var todo = DanglingCommit();
        var done = DanglingCommit();
        var autostash = DanglingCommit();
        Directory.CreateDirectory(System.IO.Path.Combine(gitDir, "rebase-merge"));
        File.WriteAllText(System.IO.Path.Combine(gitDir, "rebase-merge", "git-rebase-todo"),
            $"pick {todo.Commit[..10]} still to apply\n# pick --all a comment\nexec rm -rf /\nlabel onto\n");
        File.WriteAllText(System.IO.Path.Combine(gitDir, "rebase-merge", "done"), $"pick {done.Commit} applied\n");
        File.WriteAllText(System.IO.Path.Combine(gitDir, "rebase-merge", "autostash"), autostash.Commit + "\n");
        var picked = DanglingCommit();
        Directory.CreateDirectory(System.IO.Path.Combine(gitDir, "sequencer"));
        File.WriteAllText(System.IO.Path.Combine(gitDir, "sequencer", "todo"), $"pick {picked.Commit[..7]} cherry\n");
        var patch = DanglingCommit();
        Directory.CreateDirectory(System.IO.Path.Combine(gitDir, "rebase-apply"));
        File.WriteAllText(System.IO.Path.Combine(gitDir, "rebase-apply", "0001"), $"From {patch.Commit} Mon Sep 17 00:00:00 2001\nSubject: x\n");
        Git("config", "gc.reflogExpire", "now");

        var kept = Kept();

        Assert.All(octopus, c => Assert.Contains(c.Oid, kept));
        Assert.Contains(orig.Oid, kept);
        Assert.Contains(todo.Oid, kept);
        Assert.Contains(done.Oid, kept);
        Assert.Contains(autostash.Oid, kept);
        Assert.Contains(picked.Oid, kept);
        Assert.Contains(patch.Oid, kept);
    }

    [Fact]
    public void Git_ml_metadata_refs_are_left_to_the_registry_and_the_runs()
    {
        var registry = DanglingCommit();
        Git("update-ref", "refs/ml/registry", registry.Commit);
        var notes = DanglingCommit();
        Git("update-ref", "refs/notes/ml-runs", notes.Commit);
        Git("config", "gc.reflogExpire", "never");

        var kept = Kept();

        Assert.DoesNotContain(registry.Oid, kept);
        Assert.DoesNotContain(notes.Oid, kept);
    }

    [Fact]
    public void An_empty_repository_keeps_its_index_and_nothing_breaks()
    {
        using var dir = new TempDirectory();
        new GitCli(dir.Path).Check(["init", "-q"]);
        var repo = MlRepository.Open(dir.Path);
        var oid = ObjectId.FromHash(SHA256.HashData("x"u8));
        File.WriteAllText(dir.Combine("a.bin"), new Pointer(oid, 1).ToString());
        repo.Git.Check(["add", "a.bin"]);

        Assert.Equal([oid], new GitStateReferences().Referenced(repo));
    }
}
