using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tracking;
using GitMl.Core.Transfer;

namespace GitMl.Core.Tests.Transfer;

/// <summary>What push selects when the pointer cache already knows the blobs (every file git-ml cleaned).</summary>
public sealed class TransferSelectionTests
{
    private static readonly Pointer Committed = new(ObjectId.FromHash(Enumerable.Repeat((byte)7, 32).ToArray()), 11);

    /// <summary>A repository with one commit holding a git-ml pointer at model.bin; returns the pointer's blob id.</summary>
    private static string CommitPointer(GitRepoFixture repo)
    {
        repo.Write("model.bin", Committed.ToString());
        string blob = repo.Git.Check(["hash-object", "-w", "--no-filters", "--", "model.bin"]).StdoutText.Trim();
        repo.Git.Check(["update-index", "--add", "--cacheinfo", $"100644,{blob},model.bin"]);
        repo.Git.Check(["commit", "-qm", "model", "--no-verify"]);
        return blob;
    }

    private static void Record(GitRepoFixture repo, string blob, Pointer? pointer)
    {
        var cache = PointerCache.Load(PointerCache.PathIn(repo.Repo));
        cache.Remember(blob, pointer);
        cache.Save();
    }

    [Fact]
    public void A_blob_the_cache_knows_as_a_pointer_is_answered_from_the_cache()
    {
        using var repo = new GitRepoFixture();
        string blob = CommitPointer(repo);
        // Not what the blob holds: coming back proves the blob was not read from git.
        var recorded = new Pointer(ObjectId.FromHash(new byte[32]), 5);
        Record(repo, blob, recorded);

        var pushed = TransferSelection.ForPush(MlRepository.Open(repo.Path), all: true, []);

        Assert.Equal([recorded], pushed.Select(u => u.Pointer));
    }

    [Fact]
    public void A_pointer_the_cache_calls_no_pointer_is_still_pushed()
    {
        using var repo = new GitRepoFixture();
        string blob = CommitPointer(repo);
        Record(repo, blob, null); // wrong, or tampered with: believing it would leave the data behind

        foreach (bool all in new[] { true, false })
        {
            var pushed = TransferSelection.ForPush(MlRepository.Open(repo.Path), all, []);
            Assert.Equal([Committed], pushed.Select(u => u.Pointer));
        }
        var fetched = TransferSelection.ForFetch(MlRepository.Open(repo.Path), all: false, [], [], []);
        Assert.Equal([Committed], fetched.Select(u => u.Pointer));
    }
}
