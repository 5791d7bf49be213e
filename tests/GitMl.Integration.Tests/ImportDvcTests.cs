using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml import dvc` on a hand-written DVC project (what `dvc add` and `dvc repro` leave behind, with real md5s):
/// one file in the working tree, one only in DVC's cache (DVC 2 layout), a model only in the cache (DVC 3
/// layout), a directory output in the working tree, and one .dvc file whose data is nowhere.
/// </summary>
public sealed class ImportDvcTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _log;

    public ImportDvcTests()
    {
        _repo = _sandbox.CreateRepository();
        _log = _sandbox.PathOf("runs.log");
        Write("params.yaml", "prepare:\n  train_split: 0.8\ntrain:\n  epochs: 10\n");
        Write("src/prepare.sh", $"echo prepare >> '{_log}'\n");
        Write("src/train.sh", $"echo train >> '{_log}'\n");
        Write("dvc.yaml", """
            stages:
              prepare:
                cmd: sh src/prepare.sh
                deps:
                - data/raw/customer_data.csv
                - src/prepare.sh
                params:
                - prepare.train_split
                outs:
                - data/processed
              train:
                cmd: sh src/train.sh
                deps:
                - data/processed
                - src/train.sh
                params:
                - train.epochs
                outs:
                - models/model.pkl
                metrics:
                - metrics.json:
                    cache: false
            """);
        Write("metrics.json", "{\"accuracy\": 0.9}\n");

        string raw = Write("data/raw/customer_data.csv", "id,churn\n1,0\n2,1\n");
        DvcAdd("data/raw/customer_data.csv", raw);
        string extra = "id,region\n1,north\n";
        DvcAdd("data/extra.csv", extra);
        InCache(extra, dvc3: false);
        DvcAdd("data/lost.csv", "nobody has this any more\n");

        string train = Write("data/processed/train.csv", "1,0\n");
        string test = Write("data/processed/test.csv", "2,1\n");
        string processed = $"[{{\"md5\": \"{Md5(test)}\", \"relpath\": \"test.csv\"}}, {{\"md5\": \"{Md5(train)}\", \"relpath\": \"train.csv\"}}]";
        string model = "trained weights\n";
        InCache(model, dvc3: true);
        Write("data/raw/.gitignore", "/customer_data.csv\n");
        Write("data/.gitignore", "/extra.csv\n/lost.csv\n/processed\n");
        Write("models/.gitignore", "/model.pkl\n");
        Write("dvc.lock", $"""
            schema: '2.0'
            stages:
              prepare:
                cmd: sh src/prepare.sh
                deps:
                - path: data/raw/customer_data.csv
                  hash: md5
                  md5: {Md5(raw)}
                  size: {raw.Length}
                - path: src/prepare.sh
                  hash: md5
                  md5: {Md5(File.ReadAllText(Path.Combine(_repo, "src/prepare.sh")))}
                  size: 1
                params:
                  params.yaml:
                    prepare.train_split: 0.8
                outs:
                - path: data/processed
                  hash: md5
                  md5: {Md5(processed)}.dir
                  size: 8
                  nfiles: 2
              train:
                cmd: sh src/train.sh
                deps:
                - path: data/processed
                  hash: md5
                  md5: {Md5(processed)}.dir
                  size: 8
                  nfiles: 2
                - path: src/train.sh
                  md5: {Md5(File.ReadAllText(Path.Combine(_repo, "src/train.sh")))}
                  size: 1
                params:
                  params.yaml:
                    train.epochs: 10
                outs:
                - path: metrics.json
                  hash: md5
                  md5: {Md5(File.ReadAllText(Path.Combine(_repo, "metrics.json")))}
                  size: 18
                - path: models/model.pkl
                  hash: md5
                  md5: {Md5(model)}
                  size: {model.Length}
            """);
        Write(".dvc/config", "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://ml-bucket/dvc\n");
        Write(".dvc/.gitignore", "/config.local\n/tmp\n/cache\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("git add the DVC project");
        _sandbox.Git(_repo, "commit", "-qm", "DVC project").EnsureSuccess("commit the DVC project");
    }

    public void Dispose()
    {
        _sandbox.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Import_converts_the_project_and_repro_finds_everything_up_to_date()
    {
        var dryRun = Import("--dry-run").EnsureSuccess("dry run");
        Assert.Contains("Would remove data/extra.csv.dvc", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);
        Assert.False(File.Exists(Path.Combine(_repo, "models/model.pkl")));

        var import = Import().EnsureSuccess("import");
        Console.WriteLine(import.Stdout + import.Stderr);

        Assert.Contains("Removed data/raw/customer_data.csv.dvc", import.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "data/raw/.gitignore")));
        Assert.Contains("Rewrote dvc.lock with SHA-256 hashes", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("git ml remote add -d storage s3://ml-bucket/dvc", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("data/lost.csv (data/lost.csv.dvc", import.Stderr, StringComparison.Ordinal);
        Assert.Contains("dvc pull", import.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_repo, "data/lost.csv.dvc")));
        Assert.False(File.Exists(Path.Combine(_repo, "data/extra.csv.dvc")));
        Assert.Equal("id,region\n1,north\n", File.ReadAllText(Path.Combine(_repo, "data/extra.csv")));
        Assert.Equal("trained weights\n", File.ReadAllText(Path.Combine(_repo, "models/model.pkl")));
        Assert.Equal("/lost.csv\n", File.ReadAllText(Path.Combine(_repo, "data/.gitignore")));
        Assert.False(File.Exists(Path.Combine(_repo, "models/.gitignore")));
        Assert.DoesNotContain("md5", File.ReadAllText(Path.Combine(_repo, "dvc.lock")), StringComparison.Ordinal);

        var repro = _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro after import");
        Console.WriteLine(repro.Stdout);
        Assert.Contains("Pipeline is up to date", repro.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_log), "no stage command may run");

        string status = _sandbox.Git(_repo, "status", "--porcelain").Stdout;
        Console.WriteLine(status);
        Assert.Contains("D  data/raw/customer_data.csv.dvc", status, StringComparison.Ordinal);
        Assert.Contains("A  models/model.pkl", status, StringComparison.Ordinal);
        Assert.Contains("M  dvc.lock", status, StringComparison.Ordinal);
        Assert.DoesNotContain("??", status, StringComparison.Ordinal);
        _sandbox.Git(_repo, "commit", "-qm", "Move data from DVC to git-ml").EnsureSuccess("commit");
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);

        string listing = _sandbox.GitMl(_repo, "ls-files").EnsureSuccess("ls-files").Stdout;
        foreach (string path in (string[])["data/raw/customer_data.csv", "data/extra.csv", "data/processed/train.csv", "models/model.pkl"])
        {
            Assert.Contains(path, listing, StringComparison.Ordinal);
        }
        Assert.StartsWith("version ", _sandbox.Git(_repo, "cat-file", "-p", "HEAD:models/model.pkl").Stdout, StringComparison.Ordinal);

        var again = Import().EnsureSuccess("second import");
        Assert.Contains("Nothing else to import", again.Stdout, StringComparison.Ordinal);
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);
        Assert.Contains("Pipeline is up to date", _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro after commit").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_reports_what_was_imported_and_what_is_missing()
    {
        using var json = JsonDocument.Parse(Import("--json").EnsureSuccess("import --json").Stdout);
        var root = json.RootElement;
        var imported = root.GetProperty("imported").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("state").GetString());
        Assert.Equal("InWorkspace", imported["data/raw/customer_data.csv"]);
        Assert.Equal("RestoredFromCache", imported["data/extra.csv"]);
        Assert.Equal("RestoredFromCache", imported["models/model.pkl"]);
        Assert.Equal("data/lost.csv", Assert.Single(root.GetProperty("missing").EnumerateArray()).GetProperty("path").GetString());
        Assert.Equal("dvc.lock", root.GetProperty("lockFile").GetString());
    }

    private ProcessResult Import(params string[] args) => _sandbox.GitMl(_repo, ["import", "dvc", .. args]);

    private string Write(string path, string text)
    {
        Files.Write(Path.Combine(_repo, path), text);
        return text;
    }

    private void DvcAdd(string path, string content) => DvcFixture.DvcAdd(_repo, path, content);

    private void InCache(string content, bool dvc3) => DvcFixture.InCache(_repo, content, dvc3);

    private static string Md5(string content) => DvcFixture.Md5(content);
}
