using GitMl.Core.Objects;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Tests.Tracking;

/// <summary>What status and pre-commit read once and share: the index, the pointer cache, the config.</summary>
public sealed class StatusReadsTests
{
    private const string LfsPointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

    internal static GitRepoFixture RepoWithLfsPointerAtGitMlPath()
    {
        var repo = new GitRepoFixture();
        repo.Write(".gitattributes", "*.bin filter=ml\n");
        repo.Git.Check(["add", ".gitattributes"]);
        // Staged around the filter, as a repository that used git-lfs (or `git update-index --cacheinfo`) has them.
        StageRaw(repo, "lfs.bin", LfsPointer);
        StageRaw(repo, "lfs-elsewhere.txt", LfsPointer);
        StageRaw(repo, "model.bin", new Pointer(ObjectId.FromHash(new byte[32]), 7).ToString());
        return repo;
    }

    private static void StageRaw(GitRepoFixture repo, string path, string content)
    {
        repo.Write(path, content);
        string blob = repo.Git.Check(["hash-object", "-w", "--no-filters", "--", path]).StdoutText.Trim();
        repo.Git.Check(["update-index", "--add", "--cacheinfo", $"100644,{blob},{path}"]);
    }

    [Fact]
    public void Git_lfs_pointers_at_git_ml_paths_are_found_then_answered_from_the_cache()
    {
        using var repo = RepoWithLfsPointerAtGitMlPath();
        var index = IndexEntry.ReadAll(repo.Git);

        Assert.Equal(["lfs.bin"], GitLfsPointers.AtGitMlPaths(repo.Repo, index));
        string blob = repo.Git.Check(["rev-parse", ":lfs.bin"]).StdoutText.Trim();
        var saved = PointerCache.Load(PointerCache.PathIn(repo.Repo));
        Assert.True(saved.IsGitLfsPointer(blob));
        Assert.False(saved.IsGitLfsPointer(repo.Git.Check(["rev-parse", ":model.bin"]).StdoutText.Trim()));

        // A fresh command answers from the saved cache, and still asks the attributes: the path decides.
        var again = MlRepository.Open(repo.Path);
        Assert.Equal(["lfs.bin"], GitLfsPointers.AtGitMlPaths(again, IndexEntry.ReadAll(again.Git)));
        Assert.False(again.PointerCache.HasChanges);
    }

    [Fact]
    public async Task Status_reads_the_index_once_for_tracked_files_and_git_lfs_pointers()
    {
        using var repo = RepoWithLfsPointerAtGitMlPath();
        // git status re-reads racily clean files through the filter: this machine's git-ml is not the one under test.
        for (int i = 0; i < GitCli.WithoutMlFilter.Count; i += 2)
        {
            string[] kv = GitCli.WithoutMlFilter[i + 1].Split('=', 2);
            repo.Git.Check(["config", kv[0], kv[1]]);
        }

        var report = await new DataStatus(repo.Repo).ComputeAsync(null, null!, CancellationToken.None);

        Assert.Equal(["model.bin"], report.Entries.Select(e => e.Path));
        Assert.True(report.Entries[0].Staged);
        Assert.Equal(["lfs.bin"], report.GitLfsPointersAtGitMlPaths);
        Assert.Equal(GitLfsPointers.AtGitMlPaths(MlRepository.Open(repo.Path)), report.GitLfsPointersAtGitMlPaths);
    }

    [Fact]
    public void The_repository_loads_its_pointer_cache_once_and_shares_it()
    {
        using var repo = RepoWithLfsPointerAtGitMlPath();

        TrackedFile.FromIndex(repo.Repo);

        Assert.Same(repo.Repo.PointerCache, repo.Repo.PointerCache);
        Assert.Equal(4, repo.Repo.PointerCache.Count); // README.md, .gitattributes, the two git-lfs pointers share one blob, model.bin
        Assert.False(repo.Repo.PointerCache.HasChanges); // saved already
    }
}
