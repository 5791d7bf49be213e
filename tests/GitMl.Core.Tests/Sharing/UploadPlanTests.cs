using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Core.Sharing;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Transfer;

namespace GitMl.Core.Tests.Sharing;

/// <summary>The one decision of which objects go with a push: the hook and `git ml push` both ask <see cref="UploadPlan"/>.</summary>
public sealed class UploadPlanTests
{
    [Fact]
    public void A_shared_refs_objects_go_while_it_is_pending_for_the_git_remote_and_all_of_them_when_everything_is_asked_for()
    {
        using var origin = new GitRepoFixture();
        using var clone = new GitRepoFixture(origin.Path);
        clone.Write("m.pkl", "weights-1");
        string oid = new ModelRegistry(clone.Repo).Register("m", "m.pkl", clone.Path, null, "").Model.Require(1).Oid;
        string head = clone.Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();
        new RunNotes(clone.Repo).Append(head, RunNoteFormat.Write(GitMl.Core.Tests.Runs.RunNoteFormatTests.Sample("run")));

        var pending = UploadPlan.For(clone.Repo, [], "origin");
        Assert.Equal(2, pending.SharedRefs.Count);
        var version = Assert.Single(pending.All); // the run's files are not in this store: not ours to send
        Assert.Equal((oid, "models:/m/1"), (version.Oid.ToString(), version.Path));
        Assert.Empty(UploadPlan.For(clone.Repo, [], gitRemote: null).All);
        Assert.Empty(UploadPlan.For(clone.Repo, [version], "origin").ForSharedRefs); // brought by the commits already

        Assert.True(SharedRefs.For(clone.Repo).Push("origin").Succeeded);
        var shared = UploadPlan.For(clone.Repo, [], "origin");
        Assert.Empty(shared.SharedRefs);
        Assert.Empty(shared.All);
        Assert.Equal(oid, Assert.Single(UploadPlan.For(clone.Repo, [], "origin", everySharedRef: true).All).Oid.ToString());
    }
}
