using System.Text.Json;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>The model registry end to end with real git and the published git-ml: the seed's promotion workflow.</summary>
public sealed class RegistryTests : IDisposable
{
    private const string Model = "customer-churn-rf";

    private readonly Sandbox _sandbox = new();
    private readonly string _origin;
    private readonly string _storage;
    private readonly string _repo;

    public RegistryTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _storage = _sandbox.PathOf("storage");
        _repo = _sandbox.CreateRepository("a", _origin);
        _sandbox.GitMl(_repo, "install").EnsureSuccess("install hooks");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote add");
        Files.Write(Path.Combine(_repo, ".gitignore"), "models/\nout/\n");
        _sandbox.Git(_repo, "add", ".mlconfig", ".gitignore").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "setup").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private ProcessResult Ml(params string[] args) => _sandbox.GitMl(_repo, args);

    private ProcessResult MlWith(string cwd, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        _sandbox.Run(Path.Combine(GitMlBinary.Directory, "git-ml"), args, cwd, environment);

    /// <summary>Registers <paramref name="count"/> versions of the model from models/model.pkl; returns each version's sha256.</summary>
    private List<string> RegisterVersions(int count, string repo, string model = Model)
    {
        var hashes = new List<string>();
        for (int i = 1; i <= count; i++)
        {
            string path = Path.Combine(repo, "models", "model.pkl");
            hashes.Add(Files.WriteRandom(path, 20_000 + i, seed: i * 7 + model.Length));
            var result = _sandbox.GitMl(repo, "model", "register", model, "models/model.pkl", "-m", $"training run {i}").EnsureSuccess($"register {i}");
            Assert.Contains($"registered {model} version {i}", result.Stdout, StringComparison.Ordinal);
        }
        return hashes;
    }

    /// <summary>
    /// Registers <paramref name="count"/> versions of the model from experiment runs, as the seed does: each run
    /// trains (writes models/model.pkl) and logs it as its artifact; returns each version's sha256.
    /// </summary>
    private List<string> RegisterVersionsFromRuns(int count)
    {
        var hashes = new List<string>();
        for (int i = 1; i <= count; i++)
        {
            hashes.Add(Files.WriteRandom(Path.Combine(_repo, "models", "model.pkl"), 20_000 + i, seed: i * 7));
            Ml("run", "--name", $"train-{i}", "--", "sh", "-c", $"git ml log metric accuracy 0.9{i}; git ml log artifact models/model.pkl").EnsureSuccess($"run {i}");
            string runId = Json(Ml("runs", "list", "--json")).EnumerateArray().First(r => r.GetProperty("name").GetString() == $"train-{i}").GetProperty("id").GetString()!;
            var result = Ml("model", "register", Model, "--run", runId, "-m", $"training run {i}").EnsureSuccess($"register {i}");
            Assert.Contains($"registered {Model} version {i}", result.Stdout, StringComparison.Ordinal);
        }
        return hashes;
    }

    private static JsonElement Json(ProcessResult result)
    {
        using var doc = JsonDocument.Parse(result.EnsureSuccess("json").Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void The_seed_promotion_workflow_promotes_rolls_back_and_serves_the_exact_bytes()
    {
        var hashes = RegisterVersionsFromRuns(3);
        Ml("model", "promote", Model, "1", "--stage", "Staging", "-m", "passed offline eval").EnsureSuccess("1 -> Staging");
        Ml("model", "promote", Model, "1", "--stage", "Production", "-m", "first release").EnsureSuccess("1 -> Production");
        Ml("model", "promote", Model, "2", "--stage", "Staging").EnsureSuccess("2 -> Staging");
        var promote = Ml("model", "promote", Model, "2", "--stage", "Production", "-m", "A/B test won").EnsureSuccess("2 -> Production");
        Assert.Contains("version 1 kept as Production rollback target", promote.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, Json(Ml("model", "show", Model, "--json")).GetProperty("rollbackTargets").GetProperty("Production").GetInt32());

        Ml("model", "rollback", Model, "-m", "accuracy dropped").EnsureSuccess("rollback");

        var show = Json(Ml("model", "show", Model, "--json"));
        Assert.Equal(1, show.GetProperty("stages").GetProperty("Production").GetInt32());
        var states = show.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("state").GetString()).ToList();
        Assert.Equal(["Production", "Archived", "None"], states);

        var history = Json(Ml("model", "history", Model, "--json")).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            ["register 1", "register 2", "register 3", "promote 1 None->Staging", "promote 1 Staging->Production", "promote 2 None->Staging", "promote 2 Staging->Production", "rollback 2 Production->Archived", "rollback 1 None->Production"],
            history.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("version").GetInt32()}{(e.GetProperty("action").GetString() == "register" ? "" : $" {e.GetProperty("from").GetString()}->{e.GetProperty("to").GetString()}")}"));
        Assert.All(history, e => Assert.Equal("Test User <test@example.com>", e.GetProperty("user").GetString()));
        Assert.Equal("accuracy dropped", history[^1].GetProperty("message").GetString());
        string text = Ml("model", "history", Model).EnsureSuccess("history").Stdout;
        Assert.Contains("rollback v2: Production -> Archived (version 1 back in Production)  \"accuracy dropped\"", text, StringComparison.Ordinal);

        var resolved = Json(Ml("model", "resolve", $"models:/{Model}/Production", "--json"));
        Assert.Equal(1, resolved.GetProperty("version").GetInt32());
        Assert.Equal(hashes[0], resolved.GetProperty("oid").GetString());
        Assert.Equal(_sandbox.Git(_repo, "rev-parse", "HEAD").Stdout.Trim(), resolved.GetProperty("commit").GetString());
        Assert.Equal(0.91, Json(Ml("model", "show", Model, "1", "--json")).GetProperty("metrics").GetProperty("accuracy").GetDouble());

        Ml("model", "get", $"models:/{Model}/Production", "-o", "out/model.pkl").EnsureSuccess("get");
        Assert.Equal(hashes[0], Files.Sha256(Path.Combine(_repo, "out", "model.pkl")));
        Ml("model", "get", $"models:/{Model}/latest", "-o", "out/latest.pkl").EnsureSuccess("get latest");
        Assert.Equal(hashes[2], Files.Sha256(Path.Combine(_repo, "out", "latest.pkl")));

        // The audit trail is also the registry ref's history: one commit per change (the rollback is one step).
        Assert.Equal("8", _sandbox.Git(_repo, "rev-list", "--count", "refs/ml/registry").Stdout.Trim());
        Assert.Contains("Models:", Ml("--help").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_changes_a_versions_content_and_protected_versions_cannot_be_deleted()
    {
        RegisterVersions(3, _repo);
        string Oids() => string.Join(",", Json(Ml("model", "show", Model, "--json")).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("oid").GetString()));
        string before = Oids();

        var again = Ml("model", "register", Model, "models/model.pkl").EnsureSuccess("register same content");
        Assert.Contains("version 3 already has this content", again.Stdout, StringComparison.Ordinal);
        Ml("model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("promote");
        Ml("model", "promote", Model, "2", "--stage", "Production", "--alias", "champion").EnsureSuccess("promote");

        var production = Ml("model", "delete", Model, "2");
        Assert.Equal(1, production.ExitCode);
        Assert.Contains("in Production", production.Stderr, StringComparison.Ordinal);
        var rollbackTarget = Ml("model", "delete", Model, "1");
        Assert.Equal(1, rollbackTarget.ExitCode);
        Assert.Contains("the Production rollback target (N-1)", rollbackTarget.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Ml("model", "archive", Model, "2").ExitCode);

        Ml("model", "archive", Model, "3", "-m", "superseded").EnsureSuccess("archive");
        Ml("model", "delete", Model, "3", "-m", "leaked labels").EnsureSuccess("delete");
        Assert.Equal(1, Ml("model", "get", $"models:/{Model}/3", "-o", "out/x").ExitCode);
        Assert.Equal(before, Oids());
        Assert.Equal("Deleted", Json(Ml("model", "show", Model, "3", "--json")).GetProperty("state").GetString());

        Files.WriteRandom(Path.Combine(_repo, "models", "model.pkl"), 999, seed: 99);
        Assert.Contains("version 4", Ml("model", "register", Model, "models/model.pkl", "--semver", "1.0.0").EnsureSuccess("semver").Stdout, StringComparison.Ordinal);
        Assert.Contains("model/customer-churn-rf/v1.0.0", _sandbox.Git(_repo, "tag", "-l").Stdout, StringComparison.Ordinal);
        Files.WriteRandom(Path.Combine(_repo, "models", "model.pkl"), 998, seed: 98);
        var lower = Ml("model", "register", Model, "models/model.pkl", "--semver", "0.9.0");
        Assert.Equal(1, lower.ExitCode);
        Assert.Contains("must be greater than 1.0.0", lower.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, Ml("model", "promote", Model, "1", "--stage", "Dev").ExitCode);
        Assert.Equal(2, Ml("model", "register", "bad/name", "models/model.pkl").ExitCode);
        Assert.Equal(2, Ml("model", "resolve", "models:/customer-churn-rf/Prod").ExitCode);
        Assert.Equal(1, Ml("model", "show", "no-such-model").ExitCode);
    }

    [Fact]
    public void A_fresh_clone_resolves_the_same_uris_and_downloads_verified_bytes()
    {
        var hashes = RegisterVersions(2, _repo);
        Ml("model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("promote");
        Ml("model", "promote", Model, "2", "--stage", "Staging", "--alias", "challenger").EnsureSuccess("promote");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("push main");
        _sandbox.Git(_repo, "push", "-q", "origin", "refs/ml/registry").EnsureSuccess("push registry");
        // The pre-push hook uploads the bytes of the registry's versions along with the registry ref.
        Assert.Equal(2, Directory.GetFiles(_storage, "*", SearchOption.AllDirectories).Length);
        Assert.Contains("0 object(s)", Ml("push").EnsureSuccess("git ml push").Stdout, StringComparison.Ordinal);

        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, "b").EnsureSuccess("clone");
        string clone = _sandbox.PathOf("b");
        _sandbox.Git(clone, "fetch", "-q", "origin", "refs/ml/registry:refs/ml/registry").EnsureSuccess("fetch registry");

        foreach (string uri in new[] { $"models:/{Model}/Production", $"models:/{Model}/Staging", $"models:/{Model}@challenger", $"models:/{Model}/1", $"models:/{Model}/latest" })
        {
            Assert.Equal(Json(Ml("model", "resolve", uri, "--json")).ToString(), Json(_sandbox.GitMl(clone, "model", "resolve", uri, "--json")).ToString());
        }
        var env = new Dictionary<string, string> { ["GIT_ML_MODEL_STAGE"] = "Production" };
        MlWith(clone, env, "model", "get", $"models:/{Model}", "-o", "serving/model.pkl").EnsureSuccess("get with GIT_ML_MODEL_STAGE");
        Assert.Equal(hashes[0], Files.Sha256(Path.Combine(clone, "serving", "model.pkl")));
        _sandbox.GitMl(clone, "model", "get", $"models:/{Model}@challenger", "-o", "serving").EnsureSuccess("get into a directory");
        Assert.Equal(hashes[1], Files.Sha256(Path.Combine(clone, "serving", "model.pkl")));

        var bad = MlWith(clone, new Dictionary<string, string> { ["GIT_ML_MODEL_STAGE"] = "Dev" }, "model", "resolve", $"models:/{Model}");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("GIT_ML_MODEL_STAGE 'Dev' is not allowed: use Staging or Production", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.GitMl(clone, "model", "resolve", $"models:/{Model}").ExitCode);
    }

    [Fact]
    public void Git_ml_push_and_fetch_carry_the_registry_and_report_a_same_alias_conflict()
    {
        var hashes = RegisterVersions(2, _repo);
        Ml("model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("promote");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("git push: the hook sends the registry and its bytes");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, "b").EnsureSuccess("clone");
        string clone = _sandbox.PathOf("b");

        _sandbox.GitMl(clone, "fetch").EnsureSuccess("git ml fetch");
        Assert.Equal(1, Json(_sandbox.GitMl(clone, "model", "resolve", $"models:/{Model}/Production", "--json")).GetProperty("version").GetInt32());
        _sandbox.GitMl(clone, "model", "get", $"models:/{Model}/Production", "-o", "model.pkl").EnsureSuccess("get");
        Assert.Equal(hashes[0], Files.Sha256(Path.Combine(clone, "model.pkl")));

        _sandbox.GitMl(clone, "model", "promote", Model, "1", "--alias", "champion").EnsureSuccess("b: champion = 1");
        Ml("model", "promote", Model, "2", "--alias", "champion").EnsureSuccess("a: champion = 2");
        Ml("push").EnsureSuccess("a: git ml push");
        string before = _sandbox.Git(clone, "rev-parse", "refs/ml/registry").Stdout;
        var fetch = _sandbox.GitMl(clone, "fetch");
        Assert.Contains("customer-churn-rf: @champion was changed on both sides: here version 1, on origin version 2", fetch.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, _sandbox.Git(clone, "rev-parse", "refs/ml/registry").Stdout);
        _sandbox.GitMl(clone, "model", "merge", "refs/ml/remotes/origin/ml/registry", "--remote", "origin", "--prefer", "ours").EnsureSuccess("keep ours");
        Assert.Equal(1, Json(_sandbox.GitMl(clone, "model", "resolve", $"models:/{Model}@champion", "--json")).GetProperty("version").GetInt32());
    }

    [Fact]
    public void Promotions_from_two_clones_merge_for_different_models_and_conflict_clearly_on_the_same_stage()
    {
        RegisterVersions(2, _repo);
        _sandbox.Git(_repo, "push", "-q", "origin", "main", "refs/ml/registry").EnsureSuccess("push");
        _sandbox.Git(_sandbox.Root, "clone", "-q", _origin, "b").EnsureSuccess("clone");
        string clone = _sandbox.PathOf("b");
        _sandbox.Git(clone, "fetch", "-q", "origin", "refs/ml/registry:refs/ml/registry").EnsureSuccess("fetch registry");

        Ml("model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("a promotes");
        _sandbox.Git(_repo, "push", "-q", "origin", "refs/ml/registry").EnsureSuccess("a pushes");
        RegisterVersions(1, clone, "fraud-detector");
        _sandbox.Git(clone, "fetch", "-q", "origin", "+refs/ml/registry:refs/ml/remotes/origin/ml/registry").EnsureSuccess("b fetches");
        var merged = _sandbox.GitMl(clone, "model", "merge", "refs/ml/remotes/origin/ml/registry", "--remote", "origin").EnsureSuccess("merge");
        Assert.Contains("merged", merged.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Json(_sandbox.GitMl(clone, "model", "list", "--json")).GetArrayLength());
        Assert.Equal(1, Json(_sandbox.GitMl(clone, "model", "resolve", $"models:/{Model}/Production", "--json")).GetProperty("version").GetInt32());

        _sandbox.GitMl(clone, "model", "promote", Model, "2", "--stage", "Staging").EnsureSuccess("b stages 2");
        Ml("model", "promote", Model, "1", "--stage", "Staging").EnsureSuccess("a stages 1");
        _sandbox.Git(_repo, "push", "-q", "origin", "refs/ml/registry").EnsureSuccess("a pushes");
        _sandbox.Git(clone, "fetch", "-q", "origin", "+refs/ml/registry:refs/ml/remotes/origin/ml/registry").EnsureSuccess("b fetches");
        string before = _sandbox.Git(clone, "rev-parse", "refs/ml/registry").Stdout;
        var conflict = _sandbox.GitMl(clone, "model", "merge", "refs/ml/remotes/origin/ml/registry", "--remote", "origin");
        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("customer-churn-rf: Staging was changed on both sides: here version 2, on origin version 1", conflict.Stderr, StringComparison.Ordinal);
        Assert.Contains("--prefer", conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, _sandbox.Git(clone, "rev-parse", "refs/ml/registry").Stdout);

        _sandbox.GitMl(clone, "model", "merge", "refs/ml/remotes/origin/ml/registry", "--remote", "origin", "--prefer", "theirs").EnsureSuccess("settle");
        Assert.Equal(1, Json(_sandbox.GitMl(clone, "model", "resolve", $"models:/{Model}/Staging", "--json")).GetProperty("version").GetInt32());
    }

    [Fact]
    public void A_version_registered_from_a_run_records_its_commit_params_metrics_and_data()
    {
        _sandbox.GitMl(_repo, "track", "data/*.csv").EnsureSuccess("track");
        Files.Write(Path.Combine(_repo, "params.yaml"), "train:\n  lr: 0.01\n");
        Files.Write(Path.Combine(_repo, "data", "train.csv"), "a,b\n1,2\n");
        Files.Write(Path.Combine(_repo, "train.sh"), "set -e\ngit ml log metric test_accuracy 0.96\nmkdir -p models && echo weights > models/model.bin\ngit ml log artifact models/model.bin\n");
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "training code").EnsureSuccess("commit");
        Ml("run", "--", "sh", "train.sh").EnsureSuccess("run");
        string runId = Json(Ml("runs", "list", "--json")).EnumerateArray().Single().GetProperty("id").GetString()!;

        var change = Json(Ml("model", "register", Model, "--run", runId[..8], "--semver", "1.0.0", "-m", "from the run", "--json"));
        Assert.Equal(1, change[0].GetProperty("version").GetInt32());
        var version = Json(Ml("model", "show", Model, "1", "--json"));
        Assert.Equal(runId, version.GetProperty("run").GetString());
        Assert.Equal(_sandbox.Git(_repo, "rev-parse", "HEAD").Stdout.Trim(), version.GetProperty("commit").GetString());
        Assert.Equal("models/model.bin", version.GetProperty("path").GetString());
        Assert.Equal("0.01", version.GetProperty("params").GetProperty("train.lr").GetString());
        Assert.Equal(0.96, version.GetProperty("metrics").GetProperty("test_accuracy").GetDouble());
        Assert.Contains(version.GetProperty("data").EnumerateArray(), d => d.GetProperty("path").GetString() == "data/train.csv");
        Assert.Contains("metric test_accuracy: 0.96", _sandbox.Git(_repo, "tag", "-l", "-n20", "model/customer-churn-rf/v1.0.0").Stdout, StringComparison.Ordinal);

        Ml("model", "get", $"models:/{Model}/latest", "-o", "out/model.bin").EnsureSuccess("get");
        Assert.Equal("weights\n", File.ReadAllText(Path.Combine(_repo, "out", "model.bin")));
        Assert.Equal(1, Ml("model", "register", Model, "--run", "ffffffff").ExitCode);
    }

    [Fact]
    public void Concurrent_processes_changing_the_registry_all_land()
    {
        RegisterVersions(4, _repo);
        string binary = Path.Combine(GitMlBinary.Directory, "git-ml");
        var processes = Enumerable.Range(1, 4)
            .Select(i => _sandbox.Start(binary, ["model", "promote", Model, $"{i}", "--alias", $"team{i}", "-m", $"process {i}"], _repo))
            .ToList();
        foreach (var process in processes)
        {
            process.StandardInput.Close();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stderr);
            process.Dispose();
        }
        var aliases = Json(Ml("model", "show", Model, "--json")).GetProperty("aliases");
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(1, 4).Select(i => aliases.GetProperty($"team{i}").GetInt32()));
        Assert.Equal(4, Json(Ml("model", "history", Model, "--json")).GetProperty("events").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "alias"));
    }

    [Fact]
    public void Gc_with_the_retention_policy_deletes_only_what_the_policy_allows()
    {
        var hashes = RegisterVersions(5, _repo);
        Ml("model", "promote", Model, "1", "--stage", "Production").EnsureSuccess("promote");
        Ml("model", "promote", Model, "2", "--stage", "Production").EnsureSuccess("promote"); // 1: rollback target
        Ml("model", "archive", Model, "3").EnsureSuccess("archive");
        Ml("model", "promote", Model, "4", "--alias", "challenger").EnsureSuccess("alias");
        _sandbox.Git(_repo, "config", "-f", ".mlconfig", "ml.registry.keepVersions", "2").EnsureSuccess("policy");
        _sandbox.Git(_repo, "config", "-f", ".mlconfig", "ml.registry.archivedRetentionDays", "0").EnsureSuccess("policy");

        // Nothing but the registry refers to these objects: without it, gc would take them all.
        var dryRun = Ml("model", "prune").EnsureSuccess("prune dry run");
        Assert.Contains("would delete customer-churn-rf version 3: archived", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Single(Json(Ml("model", "prune", "--json")).GetProperty("versions").EnumerateArray());
        Assert.Equal("Archived", Json(Ml("model", "show", Model, "3", "--json")).GetProperty("state").GetString());
        Ml("gc", "--force", "--prune=now").EnsureSuccess("gc before prune");
        Assert.All(hashes, h => Assert.True(File.Exists(Files.ObjectPath(_repo, h)), $"{h} kept"));

        Ml("model", "prune", "--force").EnsureSuccess("prune");
        // The bytes were stored just now: only --prune=now lets gc delete them within the grace period.
        var gc = Ml("gc", "--force", "--prune=now").EnsureSuccess("gc");
        Assert.Contains("model registry versions that are not deleted", gc.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Files.ObjectPath(_repo, hashes[2])), "version 3 is gone");
        Assert.All(hashes.Where((_, i) => i != 2), h => Assert.True(File.Exists(Files.ObjectPath(_repo, h)), $"{h} kept"));
        Assert.Contains("prune v3", Ml("model", "history", Model).Stdout, StringComparison.Ordinal);
        Ml("model", "get", $"models:/{Model}/Production", "-o", "out/p.pkl").EnsureSuccess("production still served");
        Assert.Equal(hashes[1], Files.Sha256(Path.Combine(_repo, "out", "p.pkl")));
    }
}
