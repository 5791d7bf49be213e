using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>track, untrack, add, ls-files and init in real repositories.</summary>
public sealed class TrackingTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public TrackingTests() => _repo = _sandbox.CreateRepository();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Track_lists_and_untrack_edit_gitattributes_keeping_other_lines()
    {
        Files.Write(Path.Combine(_repo, ".gitattributes"), "*.sh text eol=lf\n");

        var track = _sandbox.GitMl(_repo, "track", "*.pt", "my data/**").EnsureSuccess("track");
        Assert.Contains("Tracking '*.pt'", track.Stdout, StringComparison.Ordinal);
        const string mergeDrivers = "ml.lock merge=ml-lock\ndvc.lock merge=ml-lock\nparams.yaml merge=ml-params\n";
        Assert.Equal("*.sh text eol=lf\n*.pt filter=ml diff=ml merge=binary -text\n\"my data/**\" filter=ml diff=ml merge=binary -text\n" + mergeDrivers,
            File.ReadAllText(Path.Combine(_repo, ".gitattributes")));
        Assert.Contains("already tracked", _sandbox.GitMl(_repo, "track", "*.pt").EnsureSuccess("again").Stdout, StringComparison.Ordinal);

        var list = _sandbox.GitMl(_repo, "track", "--json").EnsureSuccess("list");
        using (var doc = JsonDocument.Parse(list.Stdout))
        {
            Assert.Equal(["*.pt", "my data/**"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("pattern").GetString()!).ToArray());
        }

        // git itself agrees about the quoted pattern.
        Assert.Contains("filter: ml", _sandbox.Git(_repo, "check-attr", "filter", "my data/x.csv").Stdout, StringComparison.Ordinal);

        _sandbox.GitMl(_repo, "untrack", "*.pt").EnsureSuccess("untrack");
        Assert.Equal("*.sh text eol=lf\n\"my data/**\" filter=ml diff=ml merge=binary -text\n" + mergeDrivers, File.ReadAllText(Path.Combine(_repo, ".gitattributes")));
        Assert.Equal(1, _sandbox.GitMl(_repo, "untrack", "*.nope").ExitCode);
    }

    [Fact]
    public void Add_tracks_files_and_folders_stages_them_and_ls_files_reports_them()
    {
        string model = Files.WriteRandom(Path.Combine(_repo, "models", "model.onnx"), 200_000, seed: 1);
        Files.WriteRandom(Path.Combine(_repo, "data", "raw", "a.csv"), 5000, seed: 2);
        Files.WriteRandom(Path.Combine(_repo, "data", "raw", "b.csv"), 5000, seed: 3);

        _sandbox.GitMl(_repo, "add", "models/model.onnx", "data/raw").EnsureSuccess("add");

        string attributes = File.ReadAllText(Path.Combine(_repo, ".gitattributes"));
        Assert.Contains("/models/model.onnx filter=ml", attributes, StringComparison.Ordinal);
        Assert.Contains("/data/raw/** filter=ml", attributes, StringComparison.Ordinal);
        var staged = _sandbox.Git(_repo, "diff", "--cached", "--name-only").Stdout;
        Assert.Contains(".gitattributes", staged, StringComparison.Ordinal);

        var json = _sandbox.GitMl(_repo, "ls-files", "--json").EnsureSuccess("ls-files");
        using var doc = JsonDocument.Parse(json.Stdout);
        var files = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, e => e);
        Assert.Equal(["data/raw/a.csv", "data/raw/b.csv", "models/model.onnx"], files.Keys.Order().ToArray());
        Assert.Equal(model, files["models/model.onnx"].GetProperty("oid").GetString());
        Assert.Equal(200_000, files["models/model.onnx"].GetProperty("size").GetInt64());
        Assert.True(files["models/model.onnx"].GetProperty("present").GetBoolean());

        string text = _sandbox.GitMl(_repo, "ls-files").Stdout;
        Assert.Contains($"{model[..10]} * models/model.onnx", text, StringComparison.Ordinal);
        File.Delete(Files.ObjectPath(_repo, model));
        Assert.Contains($"{model[..10]} - models/model.onnx", _sandbox.GitMl(_repo, "ls-files").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_installs_locally_and_writes_the_ml_blocks_once()
    {
        var init = _sandbox.GitMl(_repo, "init").EnsureSuccess("init");
        Assert.Contains(".gitignore", init.Stdout, StringComparison.Ordinal);
        string ignore = File.ReadAllText(Path.Combine(_repo, ".gitignore"));
        string attributes = File.ReadAllText(Path.Combine(_repo, ".gitattributes"));
        Assert.Contains("__pycache__/", ignore, StringComparison.Ordinal);
        Assert.Contains(".env", ignore, StringComparison.Ordinal);
        Assert.Contains(".vscode/", ignore, StringComparison.Ordinal);
        Assert.Contains("*.pt filter=ml diff=ml merge=binary -text", attributes, StringComparison.Ordinal);
        Assert.Contains("*.parquet filter=ml", attributes, StringComparison.Ordinal);
        Assert.Equal("git-ml filter-process", _sandbox.Git(_repo, "config", "--local", "filter.ml.process").Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(_repo, ".git", "hooks", "pre-commit")));

        Assert.Contains("git add .gitignore .gitattributes && git commit", init.Stdout, StringComparison.Ordinal);

        var again = _sandbox.GitMl(_repo, "init").EnsureSuccess("init again");
        // A second init reports that it changed nothing, and asks to commit nothing.
        Assert.Contains("nothing changed", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("set ", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hook installed", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("git add .gitignore", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Next: add data and models", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(ignore, File.ReadAllText(Path.Combine(_repo, ".gitignore")));
        Assert.Equal(attributes, File.ReadAllText(Path.Combine(_repo, ".gitattributes")));

        // A model now goes in as a pointer with a plain `git add`.
        string sha = Files.WriteRandom(Path.Combine(_repo, "model.pt"), 3 << 20);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "init").EnsureSuccess("commit");
        Assert.Contains(sha, _sandbox.Git(_repo, "cat-file", "-p", "HEAD:model.pt").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_gives_a_one_line_summary_of_every_command_and_each_command_its_own_help()
    {
        var help = _sandbox.GitMl(_repo, "--help").EnsureSuccess("help");
        foreach (string command in new[] { "install", "uninstall", "init", "track", "untrack", "add", "ls-files", "status", "remote", "push", "fetch", "pull", "fsck", "gc" })
        {
            Assert.Matches($"(?m)^  {command} +[A-Z]", help.Stdout);
            Assert.Equal(0, _sandbox.GitMl(_repo, command, "--help").ExitCode);
        }
        Assert.DoesNotContain("filter-process", help.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.GitMl(_repo).ExitCode);
    }

    [Fact]
    public void Commands_outside_a_repository_say_so_and_exit_2()
    {
        var result = _sandbox.GitMl(_sandbox.Home, "ls-files");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not in a Git repository", result.Stderr, StringComparison.Ordinal);
    }
}
