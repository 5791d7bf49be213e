using GitMl.Core.Runs;
using GitMl.Core.Sharing;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Sharing;

/// <summary>The stat check a server makes instead of `git rev-parse`: every way git moves a shared ref changes the stamp.</summary>
public sealed class SharedRefWatchTests
{
    // Stamps taken "an hour later" are settled: the files are older than the watch's settle time.
    private static readonly DateTime Later = DateTime.UtcNow.AddHours(1);

    private static string NewCommit(GitRepoFixture fx, string message) =>
        GitRefs.WriteCommit(fx.Git, GitRefs.WriteTree(fx.Git, []), [], message + "\n");

    [Fact]
    public void An_untouched_ref_keeps_its_stamp_and_a_loose_update_changes_it()
    {
        using var fx = new GitRepoFixture();
        fx.Git.Check(["update-ref", RunNotes.RefName, NewCommit(fx, "one")]);
        var watch = new SharedRefWatch(fx.Repo.Layout.CommonDirectory, RunNotes.RefName);
        var first = watch.Take(Later);
        Assert.True(first.Settled);
        Assert.True(watch.Take(Later).Unchanged(first));

        fx.Git.Check(["update-ref", RunNotes.RefName, NewCommit(fx, "two")]);
        Assert.False(watch.Take(Later).Unchanged(first));
    }

    [Fact]
    public void Packing_the_ref_and_updating_it_inside_packed_refs_change_the_stamp()
    {
        using var fx = new GitRepoFixture();
        fx.Git.Check(["update-ref", RunNotes.RefName, NewCommit(fx, "one")]);
        var watch = new SharedRefWatch(fx.Repo.Layout.CommonDirectory, RunNotes.RefName);
        var loose = watch.Take(Later);

        fx.Git.Check(["pack-refs", "--all"]);
        Assert.False(File.Exists(Path.Combine(fx.Repo.Layout.CommonDirectory, RunNotes.RefName)));
        var packed = watch.Take(Later);
        Assert.False(packed.Unchanged(loose));

        // Deleting a packed ref rewrites packed-refs and nothing else.
        fx.Git.Check(["update-ref", "-d", RunNotes.RefName]);
        Assert.False(watch.Take(Later).Unchanged(packed));
    }

    [Fact]
    public void A_ref_written_a_moment_ago_is_never_trusted_by_its_stamp()
    {
        using var fx = new GitRepoFixture();
        fx.Git.Check(["update-ref", RunNotes.RefName, NewCommit(fx, "one")]);
        var watch = new SharedRefWatch(fx.Repo.Layout.CommonDirectory, RunNotes.RefName);
        // Within the settle time a second update could leave the same stamp (coarse file times, a reused inode).
        var now = watch.Take();
        Assert.False(now.Settled);
        Assert.False(watch.Take().Unchanged(now));
        Assert.False(watch.Take(Later).Unchanged(now));
    }

    [Fact]
    public void A_ref_that_does_not_exist_yet_changes_the_stamp_when_it_is_created()
    {
        using var fx = new GitRepoFixture();
        var watch = new SharedRefWatch(fx.Repo.Layout.CommonDirectory, RunNotes.RefName);
        var none = watch.Take(Later);
        Assert.True(watch.Take(Later).Unchanged(none));
        fx.Git.Check(["update-ref", RunNotes.RefName, NewCommit(fx, "one")]);
        Assert.False(watch.Take(Later).Unchanged(none));
    }

    [Fact]
    public void A_reftable_keeps_its_refs_in_tables_list_which_every_update_replaces()
    {
        // git 2.45+ can create such repositories; the watch only needs the file git renames into place.
        using var fx = new GitRepoFixture();
        string tables = Path.Combine(fx.Repo.Layout.CommonDirectory, "reftable", "tables.list");
        Directory.CreateDirectory(Path.GetDirectoryName(tables)!);
        File.WriteAllText(tables, "0x000000000001-0x000000000001-aaaa.ref\n");
        var watch = new SharedRefWatch(fx.Repo.Layout.CommonDirectory, RunNotes.RefName);
        var before = watch.Take(Later);
        File.WriteAllText(tables + ".lock", "0x000000000001-0x000000000002-bbbb.ref\n");
        File.Move(tables + ".lock", tables, overwrite: true);
        Assert.False(watch.Take(Later).Unchanged(before));
    }
}
