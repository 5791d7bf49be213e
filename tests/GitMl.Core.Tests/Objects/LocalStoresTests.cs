using GitMl.Core.Objects;
using GitMl.Git;

namespace GitMl.Core.Tests.Objects;

public sealed class LocalStoresTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LocalStoreSource_copies_an_object_from_another_store()
    {
        var origin = new ObjectStore(_dir.Combine("origin", ".git", "ml"));
        var clone = new ObjectStore(_dir.Combine("clone", ".git", "ml"));
        byte[] content = TestContent.Random(1_500_000, 71);
        var oid = origin.Add(content.AsSpan()).Oid;
        var source = new LocalStoreSource(origin);

        Assert.True(source.TryCopyTo(new Pointer(oid, content.Length), clone));

        Assert.Equal(origin.Root, source.Description);
        Assert.Equal(content, File.ReadAllBytes(clone.PathOf(oid)));
        Assert.True(origin.Contains(oid));
    }

    [Fact]
    public void LocalStoreSource_reports_a_missing_object_as_false()
    {
        var origin = new ObjectStore(_dir.Combine("origin"));
        var clone = new ObjectStore(_dir.Combine("clone"));

        Assert.False(new LocalStoreSource(origin).TryCopyTo(new Pointer(ObjectId.FromHash(new byte[32]), 0), clone));
        Assert.Empty(Directory.Exists(clone.ObjectsDirectory) ? Directory.GetFiles(clone.ObjectsDirectory, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void LocalStoreSource_refuses_a_corrupt_object_and_stores_nothing()
    {
        var origin = new ObjectStore(_dir.Combine("origin"));
        var clone = new ObjectStore(_dir.Combine("clone"));
        var oid = origin.Add("precious"u8).Oid;
        string path = origin.PathOf(oid);
        File.Delete(path);
        File.WriteAllText(path, "tampered");

        var e = Assert.Throws<ContentMismatchException>(() => new LocalStoreSource(origin).TryCopyTo(new Pointer(oid, 8), clone));

        Assert.Equal(origin.Root, e.ContentSource);
        Assert.False(clone.Contains(oid));
    }

    [Fact]
    public void Find_returns_the_stores_of_remotes_that_are_local_repositories()
    {
        Directory.CreateDirectory(_dir.Combine("work", ".git", "ml", "objects"));
        Directory.CreateDirectory(_dir.Combine("bare.git", "ml", "objects"));
        Directory.CreateDirectory(_dir.Combine("with space", ".git", "ml", "objects"));
        Directory.CreateDirectory(_dir.Combine("no-store", ".git"));
        string repo = _dir.Combine("me");
        Directory.CreateDirectory(repo);
        var config = GitConfig.Parse(string.Concat(
            $"remote.work.url\n{_dir.Combine("work")}\0",
            "remote.relative.url\n../bare.git\0",
            $"remote.file.url\nfile://{_dir.Combine("with%20space")}\0",
            $"remote.nostore.url\n{_dir.Combine("no-store")}\0",
            "remote.https.url\nhttps://example.com/repo.git\0",
            "remote.ssh.url\ngit@example.com:team/repo.git\0",
            "remote.missing.url\n/does/not/exist\0",
            "remote.work.pushurl\n/ignored\0"));

        var sources = LocalRemoteStores.Find(config, repo);

        Assert.Equal(
            [_dir.Combine("work", ".git", "ml"), _dir.Combine("bare.git", "ml"), _dir.Combine("with space", ".git", "ml")],
            sources.Select(s => s.Description));
    }

    [Fact]
    public void StoredObject_makes_the_pointer_of_what_was_stored()
    {
        var store = new ObjectStore(_dir.Combine("s"));
        var stored = store.Add("abc"u8);

        var pointer = stored.ToPointer();

        Assert.Equal(stored.Oid, pointer.Oid);
        Assert.Equal(3, pointer.Size);
        Assert.Empty(pointer.ExtraKeys);
    }
}
