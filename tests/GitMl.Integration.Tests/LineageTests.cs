using System.Globalization;
using System.Text;
using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Lineage, the approved-data policy and drift checks with real git: a model registered from a run traces back to
/// its run, commit, params and data; verification and Production promotion follow the approvals; new data is
/// compared with the model's training data column by column.
/// </summary>
public sealed class LineageTests : IDisposable
{
    private const string TrainScript = """
        #!/bin/sh
        set -e
        mkdir -p models
        sha256sum data/train.csv > models/model.bin
        git ml log metric accuracy 0.91
        git ml log artifact models/model.bin
        """;

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public LineageTests()
    {
        _repo = _sandbox.CreateRepository();
        GitMl("init");
        GitMl("track", "data/*.csv");
        Files.Write(Path.Combine(_repo, "params.yaml"), "train:\n  lr: 0.01\n");
        Files.Write(Path.Combine(_repo, "train.sh"), TrainScript);
        Files.Write(Path.Combine(_repo, ".gitignore"), "models/\nincoming/\n");
        Files.Write(Path.Combine(_repo, "data/train.csv"), Table(rows: 2000, shiftX: 0, seed: 1));
        Commit("data and training");
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void A_registered_model_traces_to_its_run_commit_params_and_data_and_verification_follows_approvals()
    {
        string head = Head();
        string dataOid = DataOid();
        GitMl("data", "approve", "data/train.csv", "-m", "reviewed");
        Commit("approve the training data");
        string run1 = Train("first");
        GitMl("model", "register", "churn", "--run", run1, "-m", "first model");

        var lineage = JsonDocument.Parse(GitMl("lineage", "models:/churn/1", "--json").Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(1, lineage.GetProperty("model").GetProperty("version").GetInt32());
        Assert.Equal(run1, lineage.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal("first", lineage.GetProperty("run").GetProperty("name").GetString());
        Assert.NotEqual(head, lineage.GetProperty("commit").GetString());
        Assert.Equal(Head(), lineage.GetProperty("commit").GetString());
        Assert.Equal("0.01", lineage.GetProperty("params").GetProperty("train.lr").GetString());
        Assert.Equal(0.91, lineage.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        var data = lineage.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("path").GetString() == "data/train.csv");
        Assert.Equal(dataOid, data.GetProperty("oid").GetString());
        Assert.True(data.GetProperty("approved").GetBoolean());
        Assert.Contains("flowchart LR", GitMl("lineage", "models:/churn/1", "--mermaid").Stdout);
        Assert.Contains(run1[..8], GitMl("lineage", run1[..8]).Stdout);
        Assert.Contains("churn version 1", GitMl("lineage", "models/model.bin").Stdout);
        GitMl("lineage", "verify", "models:/churn/1");

        // The training data changes: the new model's lineage is not approved until someone approves that content.
        File.AppendAllText(Path.Combine(_repo, "data/train.csv"), "1.5,2.5,c\n");
        Commit("more data");
        string run2 = Train("second");
        GitMl("model", "register", "churn", "--run", run2, "-m", "retrained");
        var refused = _sandbox.GitMl(_repo, "lineage", "verify", "models:/churn/2");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not approved", refused.Stderr);
        Assert.Contains("data/train.csv", refused.Stderr);

        // With the policy on, Production refuses it too, saying how to fix it.
        _sandbox.Git(_repo, "config", "-f", ".mlconfig", "ml.requireApprovedData", "true").EnsureSuccess("config");
        var promotion = _sandbox.GitMl(_repo, "model", "promote", "churn", "2", "--stage", "Production");
        Assert.Equal(1, promotion.ExitCode);
        Assert.Contains("git ml data approve", promotion.Stderr);
        GitMl("model", "promote", "churn", "2", "--stage", "Staging");

        GitMl("data", "approve", "data/train.csv", "-m", "reviewed again");
        GitMl("lineage", "verify", "models:/churn/2");
        GitMl("model", "promote", "churn", "2", "--stage", "Production");
        Assert.Equal(2, JsonDocument.Parse(GitMl("model", "resolve", "models:/churn/Production", "--json").Stdout).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(2, JsonDocument.Parse(GitMl("data", "approved", "--json").Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public void Drift_reports_nothing_for_the_same_data_and_names_the_shifted_column()
    {
        GitMl("model", "register", "churn", "--run", Train("baseline"));
        Directory.CreateDirectory(Path.Combine(_repo, "incoming"));
        File.Copy(Path.Combine(_repo, "data/train.csv"), Path.Combine(_repo, "incoming/same.csv"));
        File.WriteAllText(Path.Combine(_repo, "incoming/resampled.csv"), Table(rows: 2000, shiftX: 0, seed: 2));
        File.WriteAllText(Path.Combine(_repo, "incoming/shifted.csv"), Table(rows: 2000, shiftX: 3, seed: 3));

        var same = GitMl("drift", "models:/churn/latest", "--data", "incoming/same.csv");
        Assert.Contains("no drift", same.Stdout, StringComparison.OrdinalIgnoreCase);
        GitMl("drift", "models:/churn/latest", "--data", "incoming/resampled.csv");

        var shifted = _sandbox.GitMl(_repo, "drift", "models:/churn/latest", "--data", "incoming/shifted.csv", "--json");
        Assert.Equal(1, shifted.ExitCode);
        var report = JsonDocument.Parse(shifted.Stdout).RootElement;
        Assert.True(report.GetProperty("drifted").GetBoolean());
        var columns = report.GetProperty("files")[0].GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(columns["x"].GetProperty("drifted").GetBoolean());
        Assert.False(columns["y"].GetProperty("drifted").GetBoolean());
        Assert.False(columns["segment"].GetProperty("drifted").GetBoolean());

        var text = _sandbox.GitMl(_repo, "drift", "models:/churn/latest", "--data", "incoming/shifted.csv");
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("x", text.Stdout);

        var missing = _sandbox.GitMl(_repo, "drift", "models:/churn/latest", "--data", "incoming/nothing.csv");
        Assert.Equal(2, missing.ExitCode);
    }

    /// <summary>A reproducible table: x roughly normal (mean 10 + shift, sd 1), y uniform, a categorical segment.</summary>
    private static string Table(int rows, double shiftX, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x,y,segment\n");
        for (int i = 0; i < rows; i++)
        {
            double x = 10 + shiftX + (Enumerable.Range(0, 12).Sum(_ => random.NextDouble()) - 6);
            double y = random.NextDouble() * 100;
            text.Append(x.ToString("F4", CultureInfo.InvariantCulture)).Append(',')
                .Append(y.ToString("F4", CultureInfo.InvariantCulture)).Append(',')
                .Append("abc"[random.Next(3)]).Append('\n');
        }
        return text.ToString();
    }

    private string Train(string name)
    {
        GitMl("run", "--name", name, "--", "sh", "train.sh");
        var runs = JsonDocument.Parse(GitMl("runs", "list", "--json").Stdout).RootElement.EnumerateArray();
        return runs.First(r => r.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    private string DataOid() =>
        JsonDocument.Parse(GitMl("ls-files", "--json").Stdout).RootElement.EnumerateArray()
            .Single(f => f.GetProperty("path").GetString() == "data/train.csv").GetProperty("oid").GetString()!;

    private void Commit(string message)
    {
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", message).EnsureSuccess("commit");
    }

    private string Head() => _sandbox.Git(_repo, "rev-parse", "HEAD").EnsureSuccess("rev-parse").Stdout.Trim();

    private ProcessResult GitMl(params string[] args) => _sandbox.GitMl(_repo, args).EnsureSuccess("git ml " + string.Join(' ', args));
}
