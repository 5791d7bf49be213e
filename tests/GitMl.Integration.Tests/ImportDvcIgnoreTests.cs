using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml import dvc` on a DVC project with a .dvcignore (issue 16 point 1): a directory DVC hashed without its
/// ignored files imports as it is in the working tree, the ignored files stay out of Git, a .dvc file in an ignored
/// folder is not read; .dvc files of DVC 1 and 2 (no `hash:` key) import; the merge drivers are set up.
/// </summary>
public sealed class ImportDvcIgnoreTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public ImportDvcIgnoreTests()
    {
        _repo = _sandbox.CreateRepository();
        Write(".dvcignore", "# DVC does not see these\n.DS_Store\n*.tmp\nscratch/\n");
        Write("data/images/a.png", "A\n");
        Write("data/images/b.png", "B\n");
        Write("data/images/.DS_Store", "finder junk\n");
        Write("data/images/cache/x.tmp", "half written\n");
        string listing = $"[{{\"md5\": \"{DvcFixture.Md5("A\n")}\", \"relpath\": \"a.png\"}}, {{\"md5\": \"{DvcFixture.Md5("B\n")}\", \"relpath\": \"b.png\"}}]";
        // DVC 2: no `hash:` key.
        Write("data/images.dvc", $"outs:\n- md5: {DvcFixture.Md5(listing)}.dir\n  size: 4\n  nfiles: 2\n  path: images\n");
        Write("data/.gitignore", "/images\n");
        // DVC 1: a stage file with a top-level md5 and outs' cache/metric/persist flags.
        string v1 = "id,label\n1,0\n";
        Write("v1.csv.dvc", $"md5: 0123456789abcdef0123456789abcdef\nouts:\n- md5: {DvcFixture.Md5(v1)}\n  path: v1.csv\n  cache: true\n  metric: false\n  persist: false\n");
        DvcFixture.InCache(_repo, v1, dvc3: false);
        Write(".gitignore", "/v1.csv\n");
        // In a folder .dvcignore ignores: DVC never reads it, so neither does the import.
        Write("scratch/old.dvc", "outs:\n- md5: ffffffffffffffffffffffffffffffff\n  path: old.csv\n");
        Write("params.yaml", "train:\n  seed: 1\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("git add the DVC project");
        _sandbox.Git(_repo, "commit", "-qm", "DVC project").EnsureSuccess("commit the DVC project");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Ignored_files_stay_out_of_the_import_and_of_git()
    {
        var import = _sandbox.GitMl(_repo, "import", "dvc").EnsureSuccess("import");

        Assert.DoesNotContain("scratch", import.Stdout + import.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "data/images.dvc")), "the directory imported from the working tree, as DVC hashed it");
        Assert.False(File.Exists(Path.Combine(_repo, "v1.csv.dvc")), "DVC 1's .dvc file imported");
        Assert.Equal("id,label\n1,0\n", File.ReadAllText(Path.Combine(_repo, "v1.csv")));

        _sandbox.Git(_repo, "commit", "-qm", "import").EnsureSuccess("commit the import");
        string[] committed = _sandbox.Git(_repo, "ls-files", "data").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("data/images/a.png", committed);
        Assert.Contains("data/images/b.png", committed);
        Assert.DoesNotContain("data/images/.DS_Store", committed);
        Assert.DoesNotContain("data/images/cache/x.tmp", committed);
        Assert.Equal("", _sandbox.Git(_repo, "status", "--porcelain").Stdout);

        Assert.Contains("params.yaml merge=ml-params", File.ReadAllText(Path.Combine(_repo, ".gitattributes")), StringComparison.Ordinal);
        Assert.Equal("ml-params", _sandbox.Git(_repo, "check-attr", "merge", "--", "params.yaml").Stdout.Trim().Split(": ")[^1]);
    }

    private void Write(string path, string text) => Files.Write(Path.Combine(_repo, path), text);
}
