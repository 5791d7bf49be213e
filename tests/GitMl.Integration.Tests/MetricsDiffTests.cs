using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml metrics diff`, `git ml params diff` and `git ml metrics show` in a real repository: an ml.yaml declaring
/// params and metrics (one metrics file committed to Git, one stored by git-ml behind a pointer), two commits.
/// </summary>
public sealed class MetricsDiffTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public MetricsDiffTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "track", "eval/*.yaml").EnsureSuccess("track");
        Files.Write(Path.Combine(_repo, "ml.yaml"), """
            stages:
              train:
                cmd: sh train.sh
                params:
                - train.learning_rate
                - train.epochs
                metrics:
                - metrics/metrics.json:
                    cache: false
                - eval/scores.yaml
            """);
        WriteRun(learningRate: "0.1", epochs: 10, accuracy: "0.1", auc: "0.7");
        Commit("first run");
        WriteRun(learningRate: "0.15", epochs: 12, accuracy: "0.15", auc: "0.75");
        Commit("second run");
    }

    public void Dispose() => _sandbox.Dispose();

    private void WriteRun(string learningRate, int epochs, string accuracy, string auc)
    {
        Files.Write(Path.Combine(_repo, "params.yaml"), $"train:\n  learning_rate: {learningRate}\n  epochs: {epochs}\n  seed: 42\n");
        Files.Write(Path.Combine(_repo, "metrics/metrics.json"), $"{{\"accuracy\": {accuracy}, \"loss\": {{\"val\": 0.5}}}}\n");
        Files.Write(Path.Combine(_repo, "eval/scores.yaml"), $"auc: {auc}\n");
    }

    private void Commit(string message)
    {
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", message).EnsureSuccess("commit");
    }

    private ProcessResult GitMl(params string[] args) => _sandbox.GitMl(_repo, args).EnsureSuccess("git ml " + string.Join(' ', args));

    [Fact]
    public void Metrics_diff_shows_the_change_after_a_commit()
    {
        // The tracked metrics file is a pointer in Git: the diff must read the stored bytes, not the pointer.
        Assert.StartsWith("version https://git-ml.dev/spec/", _sandbox.Git(_repo, "show", "HEAD:eval/scores.yaml").Stdout);

        var result = GitMl("metrics", "diff", "HEAD~1");

        Assert.Equal(
            "Path                  Metric    HEAD~1  workspace  Change\n" +
            "metrics/metrics.json  accuracy  0.1     0.15       0.05\n" +
            "eval/scores.yaml      auc       0.7     0.75       0.05\n",
            result.Stdout);
    }

    [Fact]
    public void Metrics_diff_json_has_old_new_and_diff()
    {
        using var json = JsonDocument.Parse(GitMl("metrics", "diff", "HEAD~1", "HEAD", "--json").Stdout);
        var accuracy = json.RootElement.GetProperty("metrics/metrics.json").GetProperty("accuracy");
        Assert.Equal(0.1, accuracy.GetProperty("old").GetDouble());
        Assert.Equal(0.15, accuracy.GetProperty("new").GetDouble());
        Assert.Equal("0.05", accuracy.GetProperty("diff").GetRawText());
        Assert.False(json.RootElement.GetProperty("metrics/metrics.json").TryGetProperty("loss.val", out _));
    }

    [Fact]
    public void Params_diff_shows_the_change_after_a_commit()
    {
        var result = GitMl("params", "diff", "HEAD~1");

        Assert.Equal(
            "Path         Param                HEAD~1  workspace\n" +
            "params.yaml  train.learning_rate  0.1     0.15\n" +
            "params.yaml  train.epochs         10      12\n",
            result.Stdout);
        using var json = JsonDocument.Parse(GitMl("params", "diff", "HEAD~1", "--json").Stdout);
        var epochs = json.RootElement.GetProperty("params.yaml").GetProperty("train.epochs");
        Assert.Equal(2, epochs.GetProperty("diff").GetInt32());
    }

    [Fact]
    public void Uncommitted_changes_show_against_head_and_markdown_is_a_table()
    {
        Files.Write(Path.Combine(_repo, "metrics/metrics.json"), "{\"accuracy\": 0.2, \"loss\": {\"val\": 0.5}}\n");

        var result = GitMl("metrics", "diff", "--md");

        Assert.Equal(
            "| Path                 | Metric   | HEAD | workspace | Change |\n" +
            "| -------------------- | -------- | ---- | --------- | ------ |\n" +
            "| metrics/metrics.json | accuracy | 0.15 | 0.2       | 0.05   |\n",
            result.Stdout);
    }

    [Fact]
    public void Metrics_show_all_branches_lists_every_branch_and_the_workspace()
    {
        _sandbox.Git(_repo, "checkout", "-qb", "experiment", "HEAD~1").EnsureSuccess("checkout");
        _sandbox.Git(_repo, "checkout", "-q", "main").EnsureSuccess("checkout");

        var result = GitMl("metrics", "show", "--all-branches");

        Assert.Equal(
            "Path                  Metric    experiment  main  workspace\n" +
            "metrics/metrics.json  accuracy  0.1         0.15  0.15\n" +
            "metrics/metrics.json  loss.val  0.5         0.5   0.5\n" +
            "eval/scores.yaml      auc       0.7         0.75  0.75\n",
            result.Stdout);
    }

    [Fact]
    public void An_unknown_revision_says_how_to_list_revisions()
    {
        var result = _sandbox.GitMl(_repo, "metrics", "diff", "no-such-branch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown revision 'no-such-branch'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("git log --oneline", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_declared_metrics_it_says_how_to_declare_them()
    {
        string bare = _sandbox.CreateRepository("plain");
        Files.Write(Path.Combine(bare, "README"), "x\n");
        _sandbox.Git(bare, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(bare, "commit", "-qm", "x").EnsureSuccess("commit");

        var result = _sandbox.GitMl(bare, "metrics", "diff");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("declare them in ml.yaml", result.Stderr, StringComparison.Ordinal);
    }
}
