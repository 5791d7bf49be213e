using System.Text;
using GitMl.Core.Maintenance;
using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Maintenance;

/// <summary>
/// The times gc goes by: an object's time is refreshed when it is added again, deleted objects are checked again at
/// the moment they go, objects a killed gc moved aside come back, git's date forms are read by git, and only stale
/// temporary files count as leftovers.
/// </summary>
public sealed class StoreAgeTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddDays(-30);

    private readonly TempDirectory _dir = new();
    private readonly ObjectStore _store;

    public StoreAgeTests() => _store = new ObjectStore(_dir.Combine("ml"));

    public void Dispose() => _dir.Dispose();

    private ObjectId AddOld(string content)
    {
        var oid = _store.Add(Encoding.UTF8.GetBytes(content)).Oid;
        File.SetLastWriteTimeUtc(_store.PathOf(oid), LongAgo);
        return oid;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(ObjectStore.SmallObjectLimit + 10)]
    public void Adding_an_object_the_store_has_refreshes_its_time(int size)
    {
        byte[] content = new byte[size];
        new Random(size).NextBytes(content);
        var oid = _store.Add(new MemoryStream(content)).Oid;
        File.SetLastWriteTimeUtc(_store.PathOf(oid), LongAgo);

        var again = _store.Add(new MemoryStream(content));

        Assert.True(again.AlreadyPresent);
        Assert.True(File.GetLastWriteTimeUtc(_store.PathOf(oid)) > DateTime.UtcNow.AddMinutes(-5), "an add of present content must make it recent again");
    }

    [Fact]
    public void An_object_is_deleted_only_if_it_is_still_old_at_that_moment()
    {
        var old = AddOld("old");
        var readded = AddOld("re-added since the plan");
        _store.Add(Encoding.UTF8.GetBytes("re-added since the plan"));
        var cutoff = DateTime.UtcNow.AddDays(-14);

        Assert.True(_store.DeleteUnlessWrittenAfter(old, cutoff));
        Assert.False(_store.DeleteUnlessWrittenAfter(readded, cutoff));
        Assert.False(_store.DeleteUnlessWrittenAfter(old, cutoff), "already gone");

        Assert.False(_store.Contains(old));
        Assert.True(_store.Contains(readded));
        _store.Verify(readded);
        Assert.Empty(Directory.GetFiles(_store.TempDirectory));
    }

    [Fact]
    public void Objects_a_killed_gc_moved_aside_are_put_back_and_never_taken_for_leftovers()
    {
        var oid = AddOld("moved aside by a gc that was killed");
        Directory.CreateDirectory(_store.TempDirectory);
        string aside = Path.Combine(_store.TempDirectory, $"gc-{oid.Hex}-4242.tmp");
        File.Move(_store.PathOf(oid), aside);
        var present = AddOld("present again");
        string duplicate = Path.Combine(_store.TempDirectory, $"gc-{present.Hex}-4242.tmp");
        File.Copy(_store.PathOf(present), duplicate);
        File.SetLastWriteTimeUtc(duplicate, LongAgo);

        Assert.Equal(0, _store.RemoveStaleTemporaryFiles(TimeSpan.FromDays(1)));
        Assert.Empty(StoreLeftovers.Find(_store));
        Assert.Equal(1, _store.PutBackMovedAside());

        Assert.True(_store.Contains(oid));
        _store.Verify(oid);
        Assert.Empty(Directory.GetFiles(_store.TempDirectory));
    }

    [Fact]
    public void Leftovers_are_stale_temporary_files_only()
    {
        string Make(string relative, TimeSpan age)
        {
            string path = Path.Combine(_store.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "x");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }
        string[] stale =
        [
            Make("tmp/1-a.tmp", TimeSpan.FromHours(3)),
            Make(".stat-cache.1.b.tmp", TimeSpan.FromHours(3)),
            Make("runcache/ab/key.git-ml-1.tmp", TimeSpan.FromHours(3)),
        ];
        Make("tmp/2-c.tmp", TimeSpan.FromMinutes(1));
        Make("pointer-cache", TimeSpan.FromDays(3));
        Make("runcache/ab/key", TimeSpan.FromDays(3));
        Make("quarantine/x.tmp", TimeSpan.FromDays(3));
        Make("runs/abc/.params.1.d.tmp", TimeSpan.FromDays(3));

        var found = StoreLeftovers.Find(_store);

        Assert.Equal(stale.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(3, StoreLeftovers.Remove(found).Count);
        Assert.All(stale, f => Assert.False(File.Exists(f)));
    }

    [Fact]
    public void Expiry_dates_mean_what_they_mean_to_git()
    {
        using var fx = new GitRepoFixture();
        DateTime Read(string? given) => GitExpiryDate.Read(fx.Git, "ml.gc.pruneExpire", "2.weeks.ago", given);

        Assert.InRange(Read(null), DateTime.UtcNow.AddDays(-14).AddMinutes(-5), DateTime.UtcNow.AddDays(-14).AddMinutes(5));
        Assert.Equal(DateTime.MaxValue, Read("now"));
        Assert.Equal(DateTime.MaxValue, Read("all"));
        Assert.Equal(DateTime.MinValue, Read("never"));
        Assert.Equal(new DateTime(2026, 1, 31), Read("2026-01-31 00:00:00 +0000"));
        var bad = Assert.Throws<FormatException>(() => Read("someday"));
        Assert.Contains("'someday'", bad.Message, StringComparison.Ordinal);

        fx.Git.Check(["config", "ml.gc.pruneExpire", "soon"]);
        Assert.Contains("git config ml.gc.pruneExpire", Assert.Throws<FormatException>(() => Read(null)).Message, StringComparison.Ordinal);
        Assert.Equal(DateTime.MaxValue, Read("now"));
    }
}
