using GitMl.Core.Objects;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;
using GitMl.Core.Tests.Registry;
using GitMl.Core.Tracking;

namespace GitMl.Core.Tests.Pipelines;

/// <summary>
/// Status hands its one read of the index (<see cref="IndexSnapshot"/>) to the pipeline's output check instead of a
/// second `git ls-files` over the outputs: the check must answer exactly as it does from its own read.
/// </summary>
public sealed class OutputGuardSnapshotTests
{
    private const string Pipeline = """
        stages:
          generate:
            cmd: "true"
            outs:
            - data/raw
          report:
            cmd: "true"
            wdir: sub
            outs:
            - metrics.json:
                cache: false
            - model
        """;

    private static void StagePointer(GitRepoFixture repo, string path, byte fill) =>
        StageRaw(repo, path, new Pointer(ObjectId.FromHash(Enumerable.Repeat(fill, 32).ToArray()), fill).ToString());

    private static void StageRaw(GitRepoFixture repo, string path, string content)
    {
        repo.Write(path, content);
        string blob = repo.Git.Check(["hash-object", "-w", "--no-filters", "--", path]).StdoutText.Trim();
        repo.Git.Check(["update-index", "--add", "--cacheinfo", $"100644,{blob},{path}"]);
    }

    private static string? Refusal(Func<OutputGuard> check)
    {
        try
        {
            check();
            return null;
        }
        catch (PipelineFormatException e)
        {
            return e.Message;
        }
    }

    private static void AssertSameAnswer(GitRepoFixture repo, params string[] expected)
    {
        var spec = PipelineFiles.Load(repo.Path)!;
        // Fresh repositories: neither answer may lean on what the other one learned in memory.
        string? own = Refusal(() => OutputGuard.Check(MlRepository.Open(repo.Path), spec));
        var fresh = MlRepository.Open(repo.Path);
        string? shared = Refusal(() => OutputGuard.Check(fresh, spec, new IndexSnapshot(fresh)));
        Assert.Equal(own, shared);
        if (expected.Length == 0)
        {
            Assert.Null(shared);
        }
        foreach (string text in expected)
        {
            Assert.Contains(text, shared, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pointers_in_an_output_and_siblings_that_only_start_like_it_are_let_through()
    {
        using var repo = new GitRepoFixture();
        repo.Write("ml.yaml", Pipeline);
        for (byte i = 1; i <= 5; i++)
        {
            StagePointer(repo, $"data/raw/part-{i}.bin", i);
        }
        StagePointer(repo, "sub/model/weights.bin", 9);
        StageRaw(repo, "data/raw.txt", "notes\n");
        StageRaw(repo, "data/rawer/x.txt", "x\n");
        StageRaw(repo, "sub/modeling.py", "print(1)\n");

        AssertSameAnswer(repo);
    }

    [Fact]
    public void Ordinary_content_in_a_cached_output_is_refused_alike_and_a_cache_false_output_is_kept_by_Git()
    {
        using var repo = new GitRepoFixture();
        repo.Write("ml.yaml", Pipeline);
        StagePointer(repo, "data/raw/part-1.bin", 1);
        StageRaw(repo, "data/raw/deep/notes.txt", "mine\n");
        StageRaw(repo, "data/raw/zz.txt", "mine too\n");
        StageRaw(repo, "sub/model", "a file where a folder was declared\n");
        StageRaw(repo, "sub/metrics.json", "{}\n");

        AssertSameAnswer(repo, "Git tracks data/raw/deep/notes.txt and 1 more file(s) in it as ordinary content", "output 'model' is a stage output, but Git tracks sub/model ");

        repo.Git.Check(["rm", "-q", "--cached", "-r", "data/raw/deep", "data/raw/zz.txt", "sub/model"]);
        var fresh = MlRepository.Open(repo.Path);
        var guard = OutputGuard.Check(fresh, PipelineFiles.Load(repo.Path)!, new IndexSnapshot(fresh));
        Assert.True(guard.IsKeptByGit("sub/metrics.json"));
        Assert.False(guard.IsKeptByGit("data/raw"));
    }

    [Fact]
    public void A_pointer_replaced_by_ordinary_content_is_refused_even_with_a_warm_pointer_cache()
    {
        using var repo = new GitRepoFixture();
        repo.Write("ml.yaml", Pipeline);
        StagePointer(repo, "data/raw/part-1.bin", 1);
        AssertSameAnswer(repo);

        StageRaw(repo, "data/raw/part-1.bin", "now plain bytes\n");

        AssertSameAnswer(repo, "Git tracks data/raw/part-1.bin as ordinary content");
    }
}
