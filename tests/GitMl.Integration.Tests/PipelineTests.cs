using System.Diagnostics;
using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// The seed's pipeline (prepare -> train) with small shell stand-ins, through `git ml repro` in a real repository.
/// Each command appends its name to a log outside the working tree, so a test knows exactly what ran.
/// </summary>
public abstract class PipelineTests : IDisposable
{
    private readonly Sandbox _sandbox = new();

    protected PipelineTests(string pipelineFile)
    {
        PipelineFile = pipelineFile;
        Repo = _sandbox.CreateRepository();
        Log = _sandbox.PathOf("runs.log");
        Files.Write(Path.Combine(Repo, "params.yaml"), "prepare:\n  train_split: 0.8\ntrain:\n  learning_rate: 0.01\n  epochs: 10\n");
        Files.Write(Path.Combine(Repo, "data/raw/customer_data.csv"), "id,churn\n1,0\n2,1\n3,0\n");
        Files.Write(Path.Combine(Repo, "src/prepare.sh"), $$"""
            echo prepare >> '{{Log}}'
            mkdir -p data/processed
            split=$(grep train_split params.yaml | awk '{print $2}')
            cp data/raw/customer_data.csv data/processed/train.csv
            echo "split $split" > data/processed/test.csv
            """);
        Files.Write(Path.Combine(Repo, "src/train.sh"), $$"""
            echo train >> '{{Log}}'
            mkdir -p models metrics
            epochs=$(grep epochs params.yaml | awk '{print $2}')
            cat data/processed/train.csv > models/model.pkl
            echo "epochs $epochs" >> models/model.pkl
            echo "{\"accuracy\": 0.$epochs, \"epochs\": $epochs}" > metrics/metrics.json
            """);
        Files.Write(Path.Combine(Repo, PipelineFile), """
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
                - train.learning_rate
                - train.epochs
                outs:
                - models/model.pkl
                metrics:
                - metrics/metrics.json:
                    cache: false
            """);
    }

    protected string Repo { get; }

    protected string Log { get; }

    protected string PipelineFile { get; }

    protected string LockFile => Path.ChangeExtension(PipelineFile, ".lock");

    public void Dispose()
    {
        _sandbox.Dispose();
        GC.SuppressFinalize(this);
    }

    protected ProcessResult Repro(params string[] args) => _sandbox.GitMl(Repo, ["repro", .. args]);

    protected string[] Ran()
    {
        string[] lines = File.Exists(Log) ? File.ReadAllLines(Log) : [];
        File.Delete(Log);
        return lines;
    }

    protected void SetParam(string from, string to) =>
        File.WriteAllText(Path.Combine(Repo, "params.yaml"), File.ReadAllText(Path.Combine(Repo, "params.yaml")).Replace(from, to, StringComparison.Ordinal));

    [Fact]
    public void Repro_runs_what_changed_and_only_that()
    {
        var first = Repro().EnsureSuccess("first repro");
        Assert.Equal(["prepare", "train"], Ran());
        Assert.Contains("never run", first.Stdout, StringComparison.Ordinal);
        string lockText = File.ReadAllText(Path.Combine(Repo, LockFile));
        Assert.StartsWith("schema: '2.0'\nstages:\n  prepare:\n", lockText, StringComparison.Ordinal);
        Assert.Contains("train.epochs: 10", lockText, StringComparison.Ordinal);
        Assert.Contains("nfiles: 2", lockText, StringComparison.Ordinal);

        var second = Repro().EnsureSuccess("second repro");
        Assert.Empty(Ran());
        Assert.Contains("Pipeline is up to date", second.Stdout, StringComparison.Ordinal);

        SetParam("epochs: 10", "epochs: 20");
        var epochs = Repro().EnsureSuccess("after epochs");
        Assert.Equal(["train"], Ran());
        Assert.Contains("parameter train.epochs (params.yaml) changed from 10 to 20", epochs.Stdout, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(Repo, "data/raw/customer_data.csv"), "4,1\n");
        var data = Repro().EnsureSuccess("after data");
        Assert.Equal(["prepare", "train"], Ran());
        Assert.Contains("dependency data/raw/customer_data.csv changed", data.Stdout, StringComparison.Ordinal);

        File.Delete(Path.Combine(Repo, "models/model.pkl"));
        var missing = Repro().EnsureSuccess("after deleting the model");
        Assert.Contains("output models/model.pkl is missing", missing.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Repo, "models/model.pkl")));
        Assert.Empty(Repro("--dry-run").EnsureSuccess("dry run").Stderr);
    }

    [Fact]
    public void The_run_cache_restores_outputs_of_an_earlier_identical_run_without_running_the_command()
    {
        Repro().EnsureSuccess("first");
        string model10 = File.ReadAllText(Path.Combine(Repo, "models/model.pkl"));
        Ran();
        SetParam("epochs: 10", "epochs: 20");
        Repro().EnsureSuccess("epochs 20");
        Assert.Equal(["train"], Ran());
        SetParam("epochs: 20", "epochs: 10");

        var back = Repro().EnsureSuccess("epochs back to 10");

        Assert.Empty(Ran());
        Assert.Contains("run cache", back.Stdout, StringComparison.Ordinal);
        Assert.Equal(model10, File.ReadAllText(Path.Combine(Repo, "models/model.pkl")));
        Assert.Contains("epochs\": 10", File.ReadAllText(Path.Combine(Repo, "metrics/metrics.json")), StringComparison.Ordinal);
        Assert.Contains("Pipeline is up to date", Repro().EnsureSuccess("after restore").Stdout, StringComparison.Ordinal);

        SetParam("epochs: 10", "epochs: 30");
        Repro("--no-run-cache").EnsureSuccess("no run cache");
        Assert.Equal(["train"], Ran());

        // --force runs the commands: an earlier identical run is no excuse.
        Repro("--force", "train").EnsureSuccess("force");
        Assert.Equal(["prepare", "train"], Ran());
    }

    [Fact]
    public void Outputs_are_tracked_by_git_ml_and_metrics_with_cache_false_stay_in_plain_git()
    {
        Repro().EnsureSuccess("repro");
        _sandbox.Git(Repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(Repo, "commit", "-qm", "pipeline").EnsureSuccess("commit");

        string listing = _sandbox.GitMl(Repo, "ls-files").Stdout;
        Assert.Contains("models/model.pkl", listing, StringComparison.Ordinal);
        Assert.Contains("data/processed/train.csv", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics.json", listing, StringComparison.Ordinal);
        Assert.StartsWith("{", _sandbox.Git(Repo, "cat-file", "-p", "HEAD:metrics/metrics.json").Stdout, StringComparison.Ordinal);
        Assert.Equal("", _sandbox.Git(Repo, "status", "--porcelain").Stdout);
    }

    [Fact]
    public void A_failing_stage_keeps_its_lock_entry_and_repro_exits_non_zero()
    {
        Repro().EnsureSuccess("first");
        Ran();
        string before = File.ReadAllText(Path.Combine(Repo, LockFile));
        File.AppendAllText(Path.Combine(Repo, "src/train.sh"), "\nexit 3\n");

        var failed = Repro();

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("stage 'train' failed", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("code 3", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(Repo, LockFile)));
    }

    [Fact]
    public void Dag_shows_train_after_prepare_in_every_format()
    {
        Assert.Equal("prepare\ntrain    <- prepare\n", _sandbox.GitMl(Repo, "dag").EnsureSuccess("dag").Stdout);
        Assert.Contains("node1-->node2", _sandbox.GitMl(Repo, "dag", "--mermaid").EnsureSuccess("mermaid").Stdout, StringComparison.Ordinal);
        Assert.Contains("\"prepare\" -> \"train\";", _sandbox.GitMl(Repo, "dag", "--dot").EnsureSuccess("dot").Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(_sandbox.GitMl(Repo, "dag", "--json").EnsureSuccess("json").Stdout);
        var edge = json.RootElement.GetProperty("edges")[0];
        Assert.Equal("prepare", edge.GetProperty("from").GetString());
        Assert.Equal("train", edge.GetProperty("to").GetString());
        Assert.Equal("prepare\n", _sandbox.GitMl(Repo, "dag", "prepare").EnsureSuccess("dag prepare").Stdout);

        var unknown = _sandbox.GitMl(Repo, "dag", "trian");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("train", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_says_which_stages_are_stale_and_why_without_running_them()
    {
        var never = _sandbox.GitMl(Repo, "status").EnsureSuccess("status before any run");
        Assert.Contains("2 of 2 stage(s) stale", never.Stdout, StringComparison.Ordinal);
        Assert.Contains("train    it has never run", never.Stdout, StringComparison.Ordinal);
        Assert.Empty(Ran());

        Repro().EnsureSuccess("repro");
        Ran();
        Assert.Contains($"Pipeline {PipelineFile}: all 2 stage(s) up to date.", _sandbox.GitMl(Repo, "status").EnsureSuccess("status").Stdout, StringComparison.Ordinal);

        SetParam("learning_rate: 0.01", "learning_rate: 0.02");
        var stale = _sandbox.GitMl(Repo, "status").EnsureSuccess("status after a param change");
        Assert.Contains("1 of 2 stage(s) stale", stale.Stdout, StringComparison.Ordinal);
        Assert.Contains("train  parameter train.learning_rate (params.yaml) changed from 0.01 to 0.02", stale.Stdout, StringComparison.Ordinal);
        Assert.Empty(Ran());

        using var json = JsonDocument.Parse(_sandbox.GitMl(Repo, "status", "--json").EnsureSuccess("status --json").Stdout);
        var stages = json.RootElement.GetProperty("pipeline").EnumerateArray().ToDictionary(e => e.GetProperty("stage").GetString()!, e => e.GetProperty("outcome").GetString());
        Assert.Equal("UpToDate", stages["prepare"]);
        Assert.Equal("WouldRun", stages["train"]);

        Files.Write(Path.Combine(Repo, PipelineFile), "stages:\n  broken: [\n");
        var broken = _sandbox.GitMl(Repo, "status");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("Pipeline: cannot be read", broken.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_lists_each_stage_outcome_and_reasons()
    {
        using var json = JsonDocument.Parse(Repro("--json").EnsureSuccess("repro").Stdout);
        var outcomes = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("stage").GetString()!, e => e.GetProperty("outcome").GetString());
        Assert.Equal("Ran", outcomes["prepare"]);
        Assert.Equal("Ran", outcomes["train"]);
    }
}

public sealed class MlYamlPipelineTests() : PipelineTests("ml.yaml");

public sealed class DvcYamlPipelineTests() : PipelineTests("dvc.yaml");
