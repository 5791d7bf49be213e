using GitMl.Core.Hooks;
using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tests.Tracking;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Tests.Hooks;

/// <summary>PreCommitCheck.Run on real repositories: what the pointer cache lets it skip, and what it never skips.</summary>
public sealed class PreCommitRunTests
{
    [Fact]
    public void Pre_commit_blocks_a_git_lfs_pointer_at_a_git_ml_path_even_when_the_cache_knows_its_blob()
    {
        using var repo = StatusReadsTests.RepoWithLfsPointerAtGitMlPath();
        TrackedFile.FromIndex(repo.Repo); // the cache now knows every staged blob

        var violations = PreCommitCheck.Run(MlRepository.Open(repo.Path));

        Assert.Contains(violations, v => v.Path == "lfs.bin" && v.Kind == PreCommitViolationKind.GitLfsPointer);
        Assert.DoesNotContain(violations, v => v.Path == "lfs-elsewhere.txt");
        // model.bin is a pointer whose object is not in the store.
        Assert.Contains(violations, v => v.Path == "model.bin" && v.Kind == PreCommitViolationKind.MissingObject);
    }

    [Fact]
    public void Pre_commit_checks_the_store_for_every_pointer_the_cache_knows_and_reads_no_config_for_them()
    {
        using var repo = new GitRepoFixture();
        var stored = repo.Repo.Store.Add(new MemoryStream("stored content"u8.ToArray()));
        var present = new Pointer(stored.Oid, stored.Size);
        var absent = new Pointer(ObjectId.FromHash(Enumerable.Repeat((byte)7, 32).ToArray()), 3);
        var files = Enumerable.Range(0, 600).Select(i => ($"data/f{i:D4}.bin", i == 321 ? absent : present)).ToList();
        foreach (var (path, pointer) in files)
        {
            repo.Write(path, pointer.ToString());
        }
        repo.Git.Check([.. GitCli.WithoutMlFilter, "add", "data"]);
        TrackedFile.FromIndex(repo.Repo);
        // A setting that would stop a command the user typed: pre-commit never reads it when only known pointers are staged.
        repo.Git.Check(["config", "ml.precommit.maxSize", "not-a-size"]);

        var check = MlRepository.Open(repo.Path);
        var violations = PreCommitCheck.Run(check);

        var violation = Assert.Single(violations);
        Assert.Equal(("data/f0321.bin", PreCommitViolationKind.MissingObject, absent.Oid.Hex), (violation.Path, violation.Kind, violation.Oid));
    }

    [Fact]
    public void Pre_commit_reads_blobs_the_cache_does_not_know_and_orders_violations_by_path()
    {
        using var repo = new GitRepoFixture();
        var absent = new Pointer(ObjectId.FromHash(Enumerable.Repeat((byte)9, 32).ToArray()), 3);
        repo.Write("a-known.bin", absent.ToString());
        repo.Git.Check([.. GitCli.WithoutMlFilter, "add", "a-known.bin"]);
        TrackedFile.FromIndex(repo.Repo);
        var other = new Pointer(ObjectId.FromHash(Enumerable.Repeat((byte)8, 32).ToArray()), 4);
        repo.Write("0-unknown.bin", other.ToString());
        repo.Write("z-binary.dat", "a\0b");
        repo.Git.Check([.. GitCli.WithoutMlFilter, "add", "0-unknown.bin", "z-binary.dat"]);

        var violations = PreCommitCheck.Run(MlRepository.Open(repo.Path));

        Assert.Equal(
            [("0-unknown.bin", PreCommitViolationKind.MissingObject), ("a-known.bin", PreCommitViolationKind.MissingObject), ("z-binary.dat", PreCommitViolationKind.Binary)],
            violations.Select(v => (v.Path, v.Kind)));
    }
}
