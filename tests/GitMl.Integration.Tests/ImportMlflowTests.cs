using System.Globalization;
using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml import mlflow` with real git and the published git-ml, on an mlruns/ tree laid out as MLflow's file store
/// writes it: two experiments, runs with step histories (one diverged to NaN), artifacts, a registered model with a
/// version in Production, an archived one and an alias. Imported twice; then found by `git ml runs search` and
/// fetched by `git ml model get` through models:/NAME/Production and models:/NAME@ALIAS.
/// </summary>
public sealed class ImportMlflowTests : IDisposable
{
    private const string Baseline = "1f0c6a4e5b2d4c1f9e8d7c6b5a493827";
    private const string Tuned = "2a9b8c7d6e5f40312a3b4c5d6e7f8091";
    private const string Diverged = "3c4d5e6f708192a3b4c5d6e7f8091a2b";
    private const string Other = "4d5e6f708192a3b4c5d6e7f8091a2b3c";

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _mlruns;
    private readonly string _head;

    public ImportMlflowTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "init").EnsureSuccess("init");
        Files.Write(Path.Combine(_repo, "train.py"), "print('train')\n");
        _sandbox.Git(_repo, "add", "-A").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "first").EnsureSuccess("commit");
        _head = _sandbox.Git(_repo, "rev-parse", "HEAD").EnsureSuccess("rev-parse").Stdout.Trim();
        _mlruns = _sandbox.PathOf("old-project", "mlruns");
        WriteStore();
    }

    public void Dispose() => _sandbox.Dispose();

    private ProcessResult Ml(params string[] args) => _sandbox.GitMl(_repo, args);

    [Fact]
    public void An_mlruns_tree_imported_twice_is_searchable_and_its_model_resolves_to_the_artifact_bytes()
    {
        var first = Ml("import", "mlflow", _mlruns).EnsureSuccess("import");
        Assert.Contains("Imported 4 run(s)", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Imported model churn-rf: version(s) 1, 2; Production: 2; @champion: 1", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("", first.Stderr);
        string notes = Ref("refs/notes/ml-runs");
        string registry = Ref("refs/ml/registry");

        var second = Ml("import", "mlflow", _mlruns, "--json").EnsureSuccess("import again");
        using (var report = JsonDocument.Parse(second.Stdout))
        {
            Assert.Equal(0, report.RootElement.GetProperty("runs").GetArrayLength());
            Assert.Equal(4, report.RootElement.GetProperty("runsAlreadyHere").GetInt32());
            Assert.Equal(0, report.RootElement.GetProperty("models")[0].GetProperty("versions").GetArrayLength());
            Assert.Equal(0, report.RootElement.GetProperty("problems").GetArrayLength());
        }
        Assert.Equal(notes, Ref("refs/notes/ml-runs"));
        Assert.Equal(registry, Ref("refs/ml/registry"));

        // MLflow's own filter and order, NaN last.
        var found = Search("tags.mlflow.experimentName = 'churn' and attributes.user_id = 'alice'", "metrics.loss ASC");
        Assert.Equal([Tuned, Baseline, Diverged], found.Select(r => r.GetProperty("id").GetString()));
        var tuned = found[0];
        Assert.Equal("tuned", tuned.GetProperty("name").GetString());
        Assert.Equal(_head, tuned.GetProperty("commit").GetString()); // its recorded commit is in this repository
        Assert.Equal("0.01", tuned.GetProperty("params").GetProperty("lr").GetString());
        var loss = tuned.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "loss");
        Assert.Equal(50, loss.GetProperty("count").GetInt64());
        Assert.Equal(Baseline, Search("attributes.`Run name` = 'baseline' and created >= 1700000000000").Single().GetProperty("id").GetString());
        Assert.Equal(Other, Search("tags.`mlflow.experimentName` = 'other'").Single().GetProperty("id").GetString());

        var history = JsonDocument.Parse(Ml("runs", "show", Tuned[..8], "--json").EnsureSuccess("show").Stdout).RootElement
            .GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "loss").GetProperty("history");
        Assert.Equal(50, history.GetArrayLength());
        Assert.Equal(49, history[49].GetProperty("step").GetInt64());

        // Names from the store reach the terminal escaped, never as control sequences; JSON keeps them as they are.
        Assert.DoesNotContain('\u001b', first.Stdout);
        Assert.DoesNotContain('\u001b', Ml("runs", "list", "--all").EnsureSuccess("list").Stdout);
        Assert.DoesNotContain('\u001b', Ml("runs", "show", Other[..8]).EnsureSuccess("show").Stdout);
        Assert.Equal("other\u001b[2J\u001b]0;pwned\u0007run", Search("tags.mlflow.experimentName = 'other'").Single().GetProperty("name").GetString());

        string production = _sandbox.PathOf("production");
        Ml("model", "get", "models:/churn-rf/Production", "-o", production).EnsureSuccess("get Production");
        Assert.Equal("tuned weights\n", File.ReadAllText(Path.Combine(production, "model.pkl")));
        string champion = _sandbox.PathOf("champion");
        Ml("model", "get", "models:///churn-rf@champion", "-o", champion).EnsureSuccess("get @champion");
        Assert.Equal("baseline weights\n", File.ReadAllText(Path.Combine(champion, "model.pkl")));
        Assert.Equal("flavors:\n  python_function: {}\n", File.ReadAllText(Path.Combine(champion, "MLmodel")));
    }

    private List<JsonElement> Search(string filter, string? orderBy = null)
    {
        string[] args = orderBy is null ? ["runs", "search", filter, "--json"] : ["runs", "search", filter, "--order-by", orderBy, "--json"];
        return [.. JsonDocument.Parse(Ml(args).EnsureSuccess("search " + filter).Stdout).RootElement.EnumerateArray()];
    }

    private string Ref(string name) => _sandbox.Git(_repo, "rev-parse", name).EnsureSuccess("rev-parse " + name).Stdout.Trim();

    private void WriteStore()
    {
        Experiment("0", "Default");
        Experiment("1", "churn");
        Experiment("2", "other");
        Run("1", Baseline, "baseline", 1700000000000, commit: _head, lr: "0.1", losses: [.. Enumerable.Range(0, 50).Select(i => 0.9 - (i * 0.005))]);
        Artifact("1", Baseline, "model/model.pkl", "baseline weights\n");
        Artifact("1", Baseline, "model/MLmodel", "flavors:\n  python_function: {}\n");
        Run("1", Tuned, "tuned", 1700000100000, commit: _head, lr: "0.01", losses: [.. Enumerable.Range(0, 50).Select(i => 0.8 - (i * 0.01))]);
        Artifact("1", Tuned, "model/model.pkl", "tuned weights\n");
        Run("1", Diverged, "diverged", 1700000200000, commit: "ffffffffffffffffffffffffffffffffffffffff", lr: "10", losses: [0.9, double.NaN]);
        Run("2", Other, "\"other\\e[2J\\e]0;pwned\\arun\"", 1700000300000, commit: null, lr: "0.5", losses: [0.5]); // escapes in its name
        Write("models/churn-rf/meta.yaml", "creation_timestamp: 1700000400000\ndescription: ''\nlast_updated_timestamp: 1700000500000\nname: churn-rf\n");
        Version(1, "Archived", $"file:///home/alice/old-project/mlruns/1/{Baseline}/artifacts/model", Baseline);
        Version(2, "Production", $"runs:/{Tuned}/model", Tuned);
        Write("models/churn-rf/aliases/champion", "1");
    }

    private void Experiment(string id, string name) =>
        Write($"{id}/meta.yaml", $"artifact_location: file:///home/alice/old-project/mlruns/{id}\ncreation_time: 1700000000000\nexperiment_id: '{id}'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: {name}\n");

    private void Run(string experiment, string id, string name, long start, string? commit, string lr, double[] losses)
    {
        string run = $"{experiment}/{id}";
        Write($"{run}/meta.yaml",
            $"artifact_uri: file:///home/alice/old-project/mlruns/{experiment}/{id}/artifacts\nend_time: {start + 60000}\nentry_point_name: ''\n" +
            $"experiment_id: '{experiment}'\nlifecycle_stage: active\nrun_id: {id}\nrun_name: {name}\nrun_uuid: {id}\nsource_name: ''\nsource_type: 4\n" +
            $"source_version: ''\nstart_time: {start}\nstatus: 3\ntags: []\nuser_id: alice\n");
        Write($"{run}/params/lr", lr);
        Write($"{run}/tags/mlflow.runName", name);
        Write($"{run}/tags/mlflow.user", "alice");
        if (commit is not null)
        {
            Write($"{run}/tags/mlflow.source.git.commit", commit);
        }
        Write($"{run}/metrics/loss", string.Concat(losses.Select((loss, step) =>
            $"{start + step} {(double.IsNaN(loss) ? "nan" : loss.ToString("R", CultureInfo.InvariantCulture))} {step}\n")));
        System.IO.Directory.CreateDirectory(Path.Combine(_mlruns, run, "artifacts"));
    }

    private void Artifact(string experiment, string run, string path, string content) => Write($"{experiment}/{run}/artifacts/{path}", content);

    private void Version(int number, string stage, string source, string run) =>
        Write($"models/churn-rf/version-{number}/meta.yaml",
            $"creation_timestamp: {1700000400000 + number}\ncurrent_stage: {stage}\ndescription: ''\nlast_updated_timestamp: {1700000450000 + number}\n" +
            $"name: churn-rf\nrun_id: {run}\nrun_link: ''\nsource: {source}\nstatus: READY\nstatus_message: ''\nuser_id: alice\nversion: {number}\n");

    private void Write(string relative, string content) => Files.Write(Path.Combine(_mlruns, relative), content);
}
