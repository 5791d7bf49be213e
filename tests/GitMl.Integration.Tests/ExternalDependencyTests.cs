using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 16 point 3: a stage's dependency named by URL (http(s)://, remote://NAME/path, s3://, azure://) is checked as
/// DVC checks it, by the storage's ETag or modification time, not reported as "does not exist: create it". The lock
/// file records what was checked, status says when it changed or went away, and what cannot be checked is named with
/// what to do. The http server is a real one (a small python3 server that sends ETags), the remote a real folder.
/// </summary>
public sealed class ExternalDependencyTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _remote;

    public ExternalDependencyTests()
    {
        _repo = _sandbox.CreateRepository();
        _remote = _sandbox.PathOf("remote");
        Directory.CreateDirectory(_remote);
        _sandbox.GitMl(_repo, "remote", "add", "store", _remote).EnsureSuccess("remote add");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_dependency_in_a_directory_remote_is_checked_recorded_and_reported_when_it_changes_or_goes()
    {
        Files.Write(Path.Combine(_remote, "raw/data.csv"), "a,b\n1,2\n");
        WritePipeline("remote://store/raw/data.csv");

        Repro().EnsureSuccess("repro");
        string lockText = File.ReadAllText(Path.Combine(_repo, "dvc.lock"));
        Assert.Contains("- path: remote://store/raw/data.csv", lockText, StringComparison.Ordinal);
        Assert.Contains("hash: modified", lockText, StringComparison.Ordinal);
        Assert.Contains("up to date", Status(), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_remote, "raw/data.csv"), "a,b\n1,2\n3,4\n");
        File.SetLastWriteTimeUtc(Path.Combine(_remote, "raw/data.csv"), DateTime.UtcNow.AddMinutes(1));
        Assert.Contains("dependency remote://store/raw/data.csv changed", Status(), StringComparison.Ordinal);
        Repro().EnsureSuccess("repro after the change");
        Assert.Contains("up to date", Status(), StringComparison.Ordinal);

        File.Delete(Path.Combine(_remote, "raw/data.csv"));
        Assert.Contains("dependency remote://store/raw/data.csv is missing", Status(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_in_a_directory_remote_changes_when_a_file_in_it_is_added()
    {
        Files.Write(Path.Combine(_remote, "images/a.png"), "a");
        WritePipeline("remote://store/images");

        Repro().EnsureSuccess("repro");
        Assert.Contains("nfiles: 1", File.ReadAllText(Path.Combine(_repo, "dvc.lock")), StringComparison.Ordinal);
        Files.Write(Path.Combine(_remote, "images/b.png"), "b");

        Assert.Contains("dependency remote://store/images changed", Status(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_http_dependency_is_checked_by_its_ETag_with_GET_when_HEAD_is_not_allowed()
    {
        string served = _sandbox.PathOf("served");
        Files.Write(Path.Combine(served, "data.csv"), "x\n");
        Files.Write(Path.Combine(served, "data.csv.etag"), "v1");
        Files.Write(Path.Combine(served, "nohead_data.csv"), "y\n");
        Files.Write(Path.Combine(served, "nohead_data.csv.etag"), "w1");
        using var server = EtagHttpServer.Start(_sandbox, served);
        int port = server.Port;
        string url = $"http://127.0.0.1:{port}/data.csv";
        string noHead = $"http://127.0.0.1:{port}/nohead/data.csv";
        WritePipeline(url, noHead);

        Repro().EnsureSuccess("repro");
        string lockText = File.ReadAllText(Path.Combine(_repo, "dvc.lock"));
        Assert.Contains("etag: v1", lockText, StringComparison.Ordinal);
        Assert.Contains("etag: w1", lockText, StringComparison.Ordinal);
        Assert.Contains("up to date", Status(), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(served, "data.csv.etag"), "v2");
        string status = Status();
        Assert.Contains($"dependency {url} changed", status, StringComparison.Ordinal);
        Assert.DoesNotContain($"dependency {noHead}", status, StringComparison.Ordinal);

        File.Delete(Path.Combine(served, "data.csv"));
        Assert.Contains($"dependency {url} is missing", Status(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://somebody-elses-bucket/data.csv", "no data remote is configured for bucket 'somebody-elses-bucket'", "git ml remote add NAME s3://somebody-elses-bucket")]
    [InlineData("gs://bucket/data.csv", "not gs://", "download it in a stage of its own")]
    [InlineData("remote://nosuch/data.csv", "no data remote named 'nosuch'", "git ml remote list")]
    public void A_dependency_that_cannot_be_checked_says_why_and_what_to_do_and_sends_nothing(string url, string why, string todo)
    {
        WritePipeline(url);

        var repro = Repro();

        Assert.Equal(1, repro.ExitCode);
        Assert.Contains(why, repro.Stderr + repro.Stdout, StringComparison.Ordinal);
        Assert.Contains(todo, repro.Stderr + repro.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist: create it", repro.Stderr + repro.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "out.txt")), "the stage must not run");
    }

    private void WritePipeline(params string[] deps) =>
        Files.Write(Path.Combine(_repo, "dvc.yaml"),
            "stages:\n  get:\n    cmd: echo fetched > out.txt\n    deps:\n" + string.Concat(deps.Select(d => $"    - {d}\n")) + "    outs:\n    - out.txt\n");

    private ProcessResult Repro() => _sandbox.GitMl(_repo, "repro");

    private string Status()
    {
        var status = _sandbox.GitMl(_repo, "status");
        return status.Stdout + status.Stderr;
    }
}
