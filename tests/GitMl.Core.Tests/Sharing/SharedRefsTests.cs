using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Core.Sharing;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Sharing;

/// <summary>The one compare-and-swap loop, typed pushes, and shared refs between real clones: rewrites refused or repaired, lost push races retried.</summary>
public sealed class SharedRefsTests
{
    private const string TestRef = "refs/ml/test";

    private static readonly ContentionPolicy Quick = new(3, TimeSpan.Zero, TimeSpan.Zero);

    private static string Child(GitCli git, string? parent, string message) =>
        GitRefs.WriteCommit(git, GitRefs.WriteTree(git, []), parent is null ? [] : [parent], message + "\n");

    [Fact]
    public void A_lost_race_is_decided_again_on_the_new_value_and_lands()
    {
        using var fx = new GitRepoFixture();
        string first = Child(fx.Git, null, "first");
        fx.Git.Check(["update-ref", TestRef, first]);
        string? other = null;
        int calls = 0;
        string result = ContendedRef.Update(fx.Git, TestRef, current =>
        {
            calls++;
            string mine = Child(fx.Git, current, $"mine on {current}");
            if (calls == 1)
            {
                other = Child(fx.Git, current, "another writer");
                fx.Git.Check(["update-ref", TestRef, other]); // lands between our read and our write
            }
            return RefStep.Write(mine, "test", mine);
        }, "test");
        Assert.Equal(2, calls);
        Assert.Equal(result, GitRefs.Resolve(fx.Git, TestRef));
        Assert.Equal(other, fx.Git.Check(["rev-parse", TestRef + "^"]).StdoutText.Trim());
    }

    [Fact]
    public void A_ref_that_keeps_changing_gives_up_with_a_clear_message_and_writes_nothing()
    {
        using var fx = new GitRepoFixture();
        int calls = 0;
        var e = Assert.Throws<GitException>(() => ContendedRef.Update(fx.Git, TestRef, current =>
        {
            calls++;
            string mine = Child(fx.Git, current, "mine");
            fx.Git.Check(["update-ref", TestRef, Child(fx.Git, current, $"other {calls}")]);
            return RefStep.Write(mine, "test", 0);
        }, "record the test", Quick));
        Assert.Equal(3, calls);
        Assert.Contains($"could not record the test: {TestRef} kept changing under other git-ml commands for 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Contains("other 3", fx.Git.Check(["log", "-1", "--format=%s", TestRef]).StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_says_per_ref_whether_it_landed_or_the_remote_moved_on()
    {
        using var origin = new GitRepoFixture();
        using var a = new GitRepoFixture(origin.Path);
        using var b = new GitRepoFixture(origin.Path);
        string fromA = Child(a.Git, null, "a");
        Assert.Equal(PushStatus.Updated, Assert.Single(GitRemote.Push(a.Git, "origin", [(fromA, TestRef)])).Status);
        Assert.Equal(PushStatus.UpToDate, Assert.Single(GitRemote.Push(a.Git, "origin", [(fromA, TestRef)])).Status);
        var behind = Assert.Single(GitRemote.Push(b.Git, "origin", [(Child(b.Git, null, "b"), TestRef)]));
        Assert.Equal(PushStatus.Behind, behind.Status);
        var failed = Assert.Single(GitRemote.Push(a.Git, Path.Combine(origin.Path, "no-such-repository"), [(fromA, TestRef)]));
        Assert.Equal(PushStatus.Failed, failed.Status);
        Assert.Contains("no-such-repository", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clone_that_pushes_runs_after_another_one_takes_its_runs_in_and_lands()
    {
        using var origin = new GitRepoFixture();
        using var a = new GitRepoFixture(origin.Path);
        using var b = new GitRepoFixture(origin.Path);
        string head = a.Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();
        new RunNotes(a.Repo).Append(head, RunNoteFormat.Write(GitMl.Core.Tests.Runs.RunNoteFormatTests.Sample("from-a")));
        new RunNotes(b.Repo).Append(head, RunNoteFormat.Write(GitMl.Core.Tests.Runs.RunNoteFormatTests.Sample("from-b")));
        var notes = new SharedRefs(a.Repo, [new RunNotesRef()]);

        Assert.Equal([RunNotes.RefName], notes.Push("origin").Pushed);
        var second = new SharedRefs(b.Repo, [new RunNotesRef()]).Push("origin");
        Assert.True(second.Succeeded);
        Assert.Equal(SharedRefOutcome.Merged, Assert.Single(second.Integrations).Outcome);
        Assert.Equal([RunNotes.RefName], second.Pushed);
        Assert.Equal(["from-a", "from-b"], RunCatalog.Read(origin.Repo).Runs.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Empty(new SharedRefs(b.Repo, [new RunNotesRef()]).Pending("origin"));
    }

    [Fact]
    public void A_forged_registry_fast_forward_is_refused_and_a_local_rewrite_is_not_pushed()
    {
        using var origin = new GitRepoFixture();
        origin.Write("m.pkl", "w1");
        new ModelRegistry(origin.Repo).Register("churn", "m.pkl", origin.Path, null, "");
        using var clone = new GitRepoFixture(origin.Path);
        var registry = new SharedRefs(clone.Repo, [new RegistryRef()]);
        Assert.Equal(SharedRefOutcome.Created, Assert.Single(registry.Fetch("origin")).Outcome);
        string before = GitRefs.Resolve(clone.Git, RegistryStore.RefName)!;

        Forge(origin.Repo, 'e');
        var refused = Assert.Single(registry.Fetch("origin"));
        Assert.Equal(SharedRefOutcome.Refused, refused.Outcome);
        Assert.Contains(refused.Rewrites, r => r.StartsWith("churn version 1: oid changed", StringComparison.Ordinal));
        Assert.Equal(before, GitRefs.Resolve(clone.Git, RegistryStore.RefName));

        // The other way round: this clone rewrote what it had fetched; the push does not send it.
        using var other = new GitRepoFixture(origin.Path);
        var mine = new SharedRefs(other.Repo, [new RegistryRef()]);
        mine.Fetch("origin");
        Forge(other.Repo, 'f');
        string remote = GitRefs.Resolve(origin.Git, RegistryStore.RefName)!;
        var push = mine.Push("origin");
        Assert.False(push.Succeeded);
        Assert.Contains("was not pushed", Assert.Single(push.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(remote, GitRefs.Resolve(origin.Git, RegistryStore.RefName));
    }

    /// <summary>A registry commit on top of the current one whose version 1 has other bytes.</summary>
    private static void Forge(MlRepository repo, char digit)
    {
        var store = new RegistryStore(repo);
        var snapshot = store.Read();
        var model = snapshot.Require("churn");
        var forged = model with { Versions = [model.Versions[0] with { Oid = new string(digit, 64) }, .. model.Versions.Skip(1)] };
        string commit = store.WriteCommit([forged], [snapshot.Commit!], "an innocent-looking change");
        repo.Git.Check(["update-ref", RegistryStore.RefName, commit]);
    }
}
