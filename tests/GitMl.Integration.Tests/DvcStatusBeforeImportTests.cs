using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 16 point 1: before `git ml import dvc`, `git ml status` on a DVC project reads DVC's dvc.lock (md5s) and
/// agrees with `dvc status`: a dependency or output whose content still has the recorded md5 is unchanged; one edited
/// since is reported, by name.
/// </summary>
public sealed class DvcStatusBeforeImportTests : IDisposable
{
    private const string Raw = "id,value\n1,2\n3,4\n";
    private const string Prepared = "prepared\n";

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public DvcStatusBeforeImportTests()
    {
        _repo = _sandbox.CreateRepository();
        Files.Write(Path.Combine(_repo, ".dvc/config"), "[core]\n    remote = storage\n");
        Files.Write(Path.Combine(_repo, "data/raw.csv"), Raw);
        Files.Write(Path.Combine(_repo, "src/prepare.py"), "print('prepare')\n");
        Files.Write(Path.Combine(_repo, "data/prepared.txt"), Prepared);
        Files.Write(Path.Combine(_repo, "dvc.yaml"), "stages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n    - data/raw.csv\n    - src/prepare.py\n    outs:\n    - data/prepared.txt\n");
        Files.Write(Path.Combine(_repo, "dvc.lock"),
            "schema: '2.0'\nstages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n" +
            $"    - path: data/raw.csv\n      hash: md5\n      md5: {DvcFixture.Md5(Raw)}\n      size: {Raw.Length}\n" +
            $"    - path: src/prepare.py\n      hash: md5\n      md5: {DvcFixture.Md5Of(_repo, "src/prepare.py")}\n      size: 17\n" +
            $"    outs:\n    - path: data/prepared.txt\n      hash: md5\n      md5: {DvcFixture.Md5(Prepared)}\n      size: {Prepared.Length}\n");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Unchanged_content_is_up_to_date_and_an_edit_is_named()
    {
        var status = _sandbox.GitMl(_repo, "status");
        Assert.Contains("all 1 stage(s) up to date", status.Stdout, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(_repo, "data/raw.csv"), "5,6\n");
        string stale = _sandbox.GitMl(_repo, "status").Stdout;

        Assert.Contains("dependency data/raw.csv changed", stale, StringComparison.Ordinal);
        Assert.DoesNotContain("src/prepare.py", stale, StringComparison.Ordinal);
        Assert.DoesNotContain("data/prepared.txt", stale, StringComparison.Ordinal);
    }
}
