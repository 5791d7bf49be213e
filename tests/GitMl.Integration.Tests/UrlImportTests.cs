using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Issue 16 point 3: `git ml import-url URL PATH` tracks a downloaded file with its source recorded (a stage of the
/// pipeline file whose dependency is the URL), and `git ml update PATH` downloads it again when the source changed,
/// as DVC's import-url and update do. Against a real http server and a real directory remote; hostile paths and
/// URLs change nothing.
/// </summary>
public sealed class UrlImportTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _served;
    private readonly EtagHttpServer _server;

    public UrlImportTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.Git(_repo, "commit", "-q", "--allow-empty", "-m", "start").EnsureSuccess("commit");
        _served = _sandbox.PathOf("served");
        Directory.CreateDirectory(_served);
        _server = EtagHttpServer.Start(_sandbox, _served);
    }

    public void Dispose()
    {
        _server.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public void Import_downloads_records_the_source_stores_the_file_and_update_follows_the_source()
    {
        EtagHttpServer.Publish(_served, "raw/iris.csv", "a,b\n1,2\n", "v1");
        string url = _server.Url("raw/iris.csv");

        var import = _sandbox.GitMl(_repo, "import-url", url, "data/iris.csv").EnsureSuccess("import-url");

        Assert.Equal("a,b\n1,2\n", File.ReadAllText(Path.Combine(_repo, "data/iris.csv")));
        Assert.Contains("Added stage 'import-data-iris-csv' to ml.yaml", import.Stdout, StringComparison.Ordinal);
        string pipeline = File.ReadAllText(Path.Combine(_repo, "ml.yaml"));
        Assert.Contains($"    deps:\n    - {url}\n    outs:\n    - data/iris.csv\n", pipeline, StringComparison.Ordinal);
        string lockText = File.ReadAllText(Path.Combine(_repo, "ml.lock"));
        Assert.Contains("hash: etag\n      etag: v1", lockText, StringComparison.Ordinal);
        Assert.Contains("- path: data/iris.csv\n      hash: sha256", lockText, StringComparison.Ordinal);
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "import").EnsureSuccess("commit");
        Assert.StartsWith("version ", _sandbox.Git(_repo, "show", "HEAD:data/iris.csv").Stdout, StringComparison.Ordinal);
        Assert.Contains("is up to date with", _sandbox.GitMl(_repo, "update", "data/iris.csv").EnsureSuccess("update").Stdout, StringComparison.Ordinal);

        EtagHttpServer.Publish(_served, "raw/iris.csv", "a,b\n1,2\n3,4\n", "v2");
        Assert.Contains($"dependency {url} changed", _sandbox.GitMl(_repo, "status").Stdout, StringComparison.Ordinal);
        var update = _sandbox.GitMl(_repo, "update", "data/iris.csv").EnsureSuccess("update");

        Assert.Contains("data/iris.csv updated from", update.Stdout, StringComparison.Ordinal);
        Assert.Equal("a,b\n1,2\n3,4\n", File.ReadAllText(Path.Combine(_repo, "data/iris.csv")));
        Assert.Contains("etag: v2", File.ReadAllText(Path.Combine(_repo, "ml.lock")), StringComparison.Ordinal);
        Assert.Contains("up to date", _sandbox.GitMl(_repo, "status").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_from_a_directory_remote_joins_an_existing_dvc_yaml_keeping_its_text()
    {
        string remote = _sandbox.PathOf("remote");
        Files.Write(Path.Combine(remote, "datasets/2024.csv"), "x\n1\n");
        _sandbox.GitMl(_repo, "remote", "add", "store", remote).EnsureSuccess("remote add");
        const string Before = "# The project's pipeline\nstages:\n    train:   # the model\n        cmd: echo trained > model.txt\n        outs:\n        - model.txt\n\n# plots of the training\nplots:\n- model.txt\n";
        File.WriteAllText(Path.Combine(_repo, "dvc.yaml"), Before);

        _sandbox.GitMl(_repo, "import-url", "remote://store/datasets/2024.csv", "data/2024.csv").EnsureSuccess("import-url");

        string after = File.ReadAllText(Path.Combine(_repo, "dvc.yaml"));
        Assert.Equal(
            "# The project's pipeline\nstages:\n    train:   # the model\n        cmd: echo trained > model.txt\n        outs:\n        - model.txt\n" +
            "    import-data-2024-csv:\n        cmd: git ml import-url --fetch 'remote://store/datasets/2024.csv' 'data/2024.csv'\n" +
            "        deps:\n        - remote://store/datasets/2024.csv\n        outs:\n        - data/2024.csv\n\n# plots of the training\nplots:\n- model.txt\n",
            after);
        Assert.Equal("x\n1\n", File.ReadAllText(Path.Combine(_repo, "data/2024.csv")));
        Assert.False(File.Exists(Path.Combine(_repo, "model.txt")), "only the import stage runs");
        Assert.Contains("is already imported", _sandbox.GitMl(_repo, "import-url", "remote://store/datasets/2024.csv", "data/2024.csv").EnsureSuccess("again").Stdout, StringComparison.Ordinal);
        Assert.Equal(after, File.ReadAllText(Path.Combine(_repo, "dvc.yaml")));
    }

    [Theory]
    [InlineData(".git/config", "Git's own directory")]
    [InlineData("../outside.csv", "outside")]
    [InlineData("existing.csv", "already exists")]
    public void A_path_git_ml_must_not_write_is_refused_and_nothing_changes(string path, string why)
    {
        EtagHttpServer.Publish(_served, "f.csv", "hostile\n", "e1");
        File.WriteAllText(Path.Combine(_repo, "existing.csv"), "mine\n");
        string config = File.ReadAllText(Path.Combine(_repo, ".git/config"));

        var import = _sandbox.GitMl(_repo, "import-url", _server.Url("f.csv"), path);

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains(why, import.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "ml.yaml")), "no stage may be recorded");
        Assert.False(File.Exists(_sandbox.PathOf("outside.csv")));
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(_repo, "existing.csv")));
        Assert.Equal(config, File.ReadAllText(Path.Combine(_repo, ".git/config")));
    }

    [Fact]
    public void A_download_through_a_symlinked_folder_is_refused()
    {
        EtagHttpServer.Publish(_served, "f.csv", "hostile\n", "e1");
        string outside = _sandbox.PathOf("outside");
        Directory.CreateDirectory(outside);
        File.CreateSymbolicLink(Path.Combine(_repo, "linked"), outside);

        var import = _sandbox.GitMl(_repo, "import-url", _server.Url("f.csv"), "linked/f.csv");

        Assert.NotEqual(0, import.ExitCode);
        Assert.Empty(Directory.GetFiles(outside));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "not file://")]
    [InlineData("/etc/passwd", "is not a URL")]
    public void A_source_git_ml_does_not_fetch_from_is_refused_before_anything_is_written(string url, string why)
    {
        var import = _sandbox.GitMl(_repo, "import-url", url, "data/x.csv");

        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains(why, import.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo, "ml.yaml")));
        Assert.False(File.Exists(Path.Combine(_repo, "data/x.csv")));
    }

    [Fact]
    public void A_download_cut_short_leaves_the_previous_file_in_place()
    {
        EtagHttpServer.Publish(_served, "f.csv", "complete\n", "e1");
        Directory.CreateDirectory(Path.Combine(_repo, "data"));
        File.WriteAllText(Path.Combine(_repo, "data/f.csv"), "previous\n");

        var fetch = _sandbox.GitMl(_repo, "import-url", "--fetch", _server.Url("short/f.csv"), "data/f.csv");

        Assert.NotEqual(0, fetch.ExitCode);
        Assert.Equal("previous\n", File.ReadAllText(Path.Combine(_repo, "data/f.csv")));
        Assert.Equal(["f.csv"], Directory.GetFiles(Path.Combine(_repo, "data")).Select(Path.GetFileName));
    }
}
