using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A no-op `git ml status` or `git ml repro` answers from caches (whole folders by the stamps of their files, store
/// objects known to be there): these are the changes those caches must never hide. Each test first makes every cache
/// warm (a committed pipeline, files older than the racy window, two status runs), then makes one hostile change.
/// </summary>
public sealed class NoOpStatusChangeTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2021, 5, 6, 7, 8, 9, DateTimeKind.Utc);
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public NoOpStatusChangeTests()
    {
        _repo = _sandbox.CreateRepository();
        for (int i = 0; i < 40; i++)
        {
            Files.WriteRandom(Path.Combine(_repo, "data", "raw", i % 4 == 0 ? "sub" : "", $"part-{i:00}.bin"), 3000, seed: i + 1);
        }
        Files.Write(Path.Combine(_repo, "ml.yaml"), """
            stages:
              generate:
                cmd: "true"
                outs:
                - data/raw:
                    persist: true
              train:
                cmd: ls -R data/raw | wc -l > count.txt
                deps:
                - data/raw
                outs:
                - count.txt:
                    cache: false
            """);
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("first repro");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "pipeline").EnsureSuccess("commit");
        foreach (string file in Directory.EnumerateFiles(Path.Combine(_repo, "data", "raw"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, LongAgo);
        }
        _sandbox.Git(_repo, "status").EnsureSuccess("git status");
        Thread.Sleep(2100); // every file's ctime leaves the racy window, so the caches remember them
        Assert.Contains("all 2 stage(s) up to date", Status(), StringComparison.Ordinal);
        Assert.Contains("all 2 stage(s) up to date", Status(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_repo, ".git", "ml", "folder-cache-2")), "the folder cache is written");
    }

    public void Dispose() => _sandbox.Dispose();

    private string Status() => _sandbox.GitMl(_repo, "status", "--local-only").EnsureSuccess("status").Stdout;

    private string Raw(params string[] parts) => Path.Combine([_repo, "data", "raw", .. parts]);

    [Fact]
    public void A_file_rewritten_with_its_size_and_mtime_restored_makes_the_stages_stale()
    {
        string path = Raw("sub", "part-08.bin");
        Files.WriteRandom(path, 3000, seed: 999);
        File.SetLastWriteTimeUtc(path, LongAgo);

        string status = Status();
        Assert.Contains("output data/raw was modified", status, StringComparison.Ordinal);
        Assert.Contains("dependency data/raw changed", status, StringComparison.Ordinal);
        Assert.Contains("data/raw/sub/part-08.bin", status, StringComparison.Ordinal); // modified in the working tree, git says
        Assert.Contains("dependency data/raw changed", _sandbox.GitMl(_repo, "repro", "--dry-run").EnsureSuccess("dry run").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_replaced_by_another_with_the_same_size_and_times_makes_the_stages_stale()
    {
        string other = _sandbox.PathOf("other.bin");
        Files.WriteRandom(other, 3000, seed: 1234);
        File.SetLastWriteTimeUtc(other, LongAgo);
        File.Move(other, Raw("part-03.bin"), overwrite: true);

        Assert.Contains("dependency data/raw changed", Status(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_deleted_added_or_renamed_in_a_folder_makes_the_stages_stale()
    {
        File.Delete(Raw("part-05.bin"));
        Assert.Contains("dependency data/raw changed", Status(), StringComparison.Ordinal);
        _sandbox.Git(_repo, "checkout", "--", "data/raw").EnsureSuccess("restore");
        Thread.Sleep(2100);
        Assert.Contains("all 2 stage(s) up to date", Status(), StringComparison.Ordinal);

        File.Move(Raw("part-06.bin"), Raw("part-06-renamed.bin"));
        Assert.Contains("dependency data/raw changed", Status(), StringComparison.Ordinal);
        File.Move(Raw("part-06-renamed.bin"), Raw("part-06.bin"));

        Files.WriteRandom(Raw("sub", "new.bin"), 10, seed: 5);
        Assert.Contains("dependency data/raw changed", Status(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_object_deleted_is_reported_missing()
    {
        string oid = Files.Sha256(Raw("part-01.bin"));
        File.Delete(Files.ObjectPath(_repo, oid));

        string status = Status();
        Assert.Contains("Content not in the local store", status, StringComparison.Ordinal);
        Assert.Contains("data/raw/part-01.bin", status, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_sandbox.GitMl(_repo, "status", "--local-only", "--json").EnsureSuccess("status --json").Stdout);
        var missing = json.RootElement.GetProperty("files").EnumerateArray().Where(f => !f.GetProperty("present").GetBoolean())
            .Select(f => f.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(["data/raw/part-01.bin"], missing);
    }

    [Fact]
    public void A_file_of_a_cached_output_staged_as_ordinary_content_is_refused_by_the_output_check()
    {
        // Status reads the index once for its data and its pipeline's output check: a blob that is not a pointer,
        // staged around the filter into a folder git-ml deletes before a run, must still stop the pipeline.
        string blob = _sandbox.Git(_repo, "hash-object", "-w", "--no-filters", "--", "data/raw/part-05.bin").EnsureSuccess("hash-object").Stdout.Trim();
        _sandbox.Git(_repo, "update-index", "--cacheinfo", $"100644,{blob},data/raw/part-05.bin").EnsureSuccess("stage raw");

        var status = _sandbox.GitMl(_repo, "status", "--local-only");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Pipeline: cannot be read", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Git tracks data/raw/part-05.bin as ordinary content", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("39 file(s) tracked by git-ml", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("data/raw/part-05.bin  (", status.Stdout, StringComparison.Ordinal); // no longer a tracked pointer

        // Put back as a pointer, the folder is git-ml's again; a sibling whose name only starts like the output is not in it.
        _sandbox.Git(_repo, "add", "data/raw/part-05.bin").EnsureSuccess("add");
        Files.Write(Path.Combine(_repo, "data", "raw.txt"), "notes\n");
        _sandbox.Git(_repo, "add", "data/raw.txt").EnsureSuccess("add sibling");
        var again = _sandbox.GitMl(_repo, "status", "--local-only");
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("cannot be read", again.Stdout, StringComparison.Ordinal);
    }
}
