using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A DVC 2 project made on Windows: its .dvc files and dvc.lock name text files by the md5 of their content with CRLF
/// read as LF (no `hash: md5` in the entries; DVC 3 calls it md5-dos2unix), its cache holds the bytes as they were.
/// git-ml finds that content in the working tree and in the cache, keeps the bytes, and `git ml status` before the
/// import agrees with `dvc status`.
/// </summary>
public sealed class ImportDvc2TextTests : IDisposable
{
    private const string InWorkspace = "id,churn\r\n1,0\r\n2,1\r\n";
    private const string OnlyCached = "region\r\nnorth\r\n";

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public ImportDvc2TextTests()
    {
        _repo = _sandbox.CreateRepository();
        Files.Write(Path.Combine(_repo, ".dvc/config"), "[core]\n    remote = storage\n");
        Files.Write(Path.Combine(_repo, "data/customers.csv"), InWorkspace);
        Dvc2Add("data/customers.csv", InWorkspace);
        Dvc2Add("data/regions.csv", OnlyCached);
        string md5 = Dos2UnixMd5(OnlyCached);
        Files.Write(Path.Combine(_repo, ".dvc/cache", md5[..2], md5[2..]), OnlyCached);
        Files.Write(Path.Combine(_repo, "src/count.sh"), "wc -l data/customers.csv > count.txt\r\n");
        Files.Write(Path.Combine(_repo, "count.txt"), "3 data/customers.csv\n");
        Files.Write(Path.Combine(_repo, "dvc.yaml"), "stages:\n  count:\n    cmd: sh src/count.sh\n    deps:\n    - data/customers.csv\n    - src/count.sh\n    outs:\n    - count.txt\n");
        Files.Write(Path.Combine(_repo, "dvc.lock"),
            "schema: '2.0'\nstages:\n  count:\n    cmd: sh src/count.sh\n    deps:\n" +
            $"    - path: data/customers.csv\n      md5: {Dos2UnixMd5(InWorkspace)}\n      size: {InWorkspace.Length}\n" +
            $"    - path: src/count.sh\n      md5: {Dos2UnixMd5("wc -l data/customers.csv > count.txt\r\n")}\n      size: 39\n" +
            $"    outs:\n    - path: count.txt\n      md5: {DvcFixture.Md5("3 data/customers.csv\n")}\n      size: 21\n");
    }

    public void Dispose() => _sandbox.Dispose();

    private static string Dos2UnixMd5(string content) => DvcFixture.Md5(content.Replace("\r\n", "\n", StringComparison.Ordinal));

    /// <summary>The .dvc file DVC 2 writes: md5 alone, of the LF form of a text file; size of the bytes.</summary>
    private void Dvc2Add(string path, string content) =>
        Files.Write(Path.Combine(_repo, path + ".dvc"), $"outs:\n- md5: {Dos2UnixMd5(content)}\n  size: {content.Length}\n  path: {Path.GetFileName(path)}\n");

    [Fact]
    public void Status_before_the_import_finds_the_crlf_files_unchanged()
    {
        var status = _sandbox.GitMl(_repo, "status");

        Assert.Contains("all 1 stage(s) up to date", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_import_finds_both_files_and_keeps_their_bytes()
    {
        using var json = JsonDocument.Parse(_sandbox.GitMl(_repo, "import", "dvc", "--json").EnsureSuccess("import").Stdout);

        var imported = json.RootElement.GetProperty("imported").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("state").GetString());
        Assert.Equal("InWorkspace", imported["data/customers.csv"]);
        Assert.Equal("RestoredFromCache", imported["data/regions.csv"]);
        Assert.Empty(json.RootElement.GetProperty("missing").EnumerateArray());
        Assert.Equal(OnlyCached, File.ReadAllText(Path.Combine(_repo, "data/regions.csv")));
        Assert.Equal(InWorkspace, File.ReadAllText(Path.Combine(_repo, "data/customers.csv")));
        Assert.Contains("Pipeline is up to date", _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro").Stdout, StringComparison.Ordinal);
    }
}
