using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Import.Mlflow;
using GitMl.Core.Registry;
using GitMl.Core.Runs;
using GitMl.Core.Runs.Search;
using GitMl.Core.Tests.Registry;
using GitMl.Git;

namespace GitMl.Core.Tests.Import.Mlflow;

public sealed class MlflowImporterTests
{
    private const string RunA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private const string RunB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
    private const string RunC = "ccccccccccccccccccccccccccccccc3";
    private const string RunD = "ddddddddddddddddddddddddddddddd4";

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Two experiments (one deleted run), step histories (one longer than a note holds), a model with a stage and an alias.</summary>
    private static MlrunsTree Store(string root, string? knownCommit)
    {
        var tree = new MlrunsTree(root);
        tree.Experiment("0", "Default");
        string churn = tree.Experiment("1", "churn");
        string a = tree.Run(churn, RunA, "lr-0.1", 1700000000000, 1700000060000);
        tree.Param(a, "lr", "0.1");
        tree.Param(a, "model/type", "rf");
        tree.Tag(a, "team", "vision");
        tree.Tag(a, "mlflow.runName", "lr-0.1");
        if (knownCommit is not null)
        {
            tree.Tag(a, "mlflow.source.git.commit", knownCommit);
        }
        tree.Metric(a, "loss", [.. Enumerable.Range(0, 150).Select(i => (1700000000000L + i, 1.0 / (i + 1), (long)i))]);
        tree.Metric(a, "val/acc", (1700000000000, 0.5, 0), (1700000000500, 0.9, 1));
        tree.Artifact(a, "model/model.pkl", "weights-a");
        tree.Artifact(a, "model/MLmodel", "flavors: {}");
        string b = tree.Run(churn, RunB, "lr-0.01", 1700000100000, 1700000160000, status: 4);
        tree.Tag(b, "mlflow.source.git.commit", "0123456789abcdef0123456789abcdef01234567"); // not in the repository
        tree.Metric(b, "loss", (1700000100000, 0.3, 0), (1700000100001, double.NaN, 1));
        tree.Artifact(b, "model/model.pkl", "weights-b");
        string c = tree.Run(tree.Experiment("2", "other"), RunC, "deleted-run", 1700000200000, null, status: 1, deleted: true);
        tree.Param(c, "x", "1");
        tree.Model("churn-model");
        tree.Version("churn-model", 1, "Archived", $"file:///home/alice/project/mlruns/1/{RunA}/artifacts/model", RunA);
        tree.Version("churn-model", 2, "Production", $"runs:/{RunB}/model", RunB, description: "better");
        tree.Alias("churn-model", "champion", 1);
        return tree;
    }

    [Fact]
    public void A_file_store_becomes_runs_and_registry_and_a_second_import_adds_nothing()
    {
        using var fx = new GitRepoFixture();
        string head = GitRefs.Resolve(fx.Git, "HEAD")!;
        fx.Write("more.txt", "x");
        fx.Git.Check(["add", "more.txt"]);
        fx.Git.Check(["commit", "-q", "-m", "second"]);
        using var dir = new TempDirectory();
        var tree = Store(dir.Combine("mlruns"), knownCommit: head);

        var report = new MlflowImporter(fx.Repo).Import(tree.Root, "test");

        Assert.Equal([RunA, RunB, RunC], report.Runs.Select(r => r.Id));
        Assert.Empty(report.Problems);
        var catalog = RunCatalog.Read(fx.Repo);
        Assert.Empty(catalog.Warnings);
        var a = catalog.Find(RunA);
        Assert.Equal(head, a.Commit); // its own commit is here
        Assert.Equal("lr-0.1", a.Name);
        Assert.Equal("alice", a.User);
        Assert.Equal(RunStatus.Finished, a.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), a.Start);
        Assert.Equal(new Dictionary<string, string> { ["lr"] = "0.1", ["model/type"] = "rf" }, a.Params);
        Assert.Equal("vision", a.Tags["team"]);
        Assert.Equal("1", a.Tags[MlflowRunInfo.ExperimentIdTag]);
        Assert.Equal("churn", a.Tags[MlflowRunInfo.ExperimentNameTag]);
        var loss = a.Metric("loss")!;
        Assert.Equal(150, loss.Count);
        Assert.NotNull(loss.HistoryOid); // the full history, in the store
        Assert.Equal(150, MetricHistory.Points(loss, fx.Repo.Store).Count);
        Assert.Equal(1.0 / 150, loss.Value);
        Assert.Equal(0.9, a.Metric("val/acc")!.Value);
        Assert.Equal(["model/MLmodel", "model/model.pkl"], a.Outputs.Select(o => o.Path).Order(StringComparer.Ordinal));
        Assert.Equal(Sha("weights-a"), a.Outputs.Single(o => o.Path == "model/model.pkl").Oid.Hex);

        var b = catalog.Find(RunB);
        Assert.Equal(GitRefs.Resolve(fx.Git, "HEAD"), b.Commit); // fallback: HEAD
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", b.Tags["mlflow.source.git.commit"]);
        Assert.True(double.IsNaN(b.Metric("loss")!.Value));
        Assert.True(report.Runs.Single(r => r.Id == RunB).OnFallback);
        Assert.True(catalog.Find(RunC).Deleted);
        Assert.Equal("RUNNING", catalog.Find(RunC).Status);

        // Search answers as MLflow would over the imported runs.
        var searchable = catalog.Runs.Where(r => !r.Deleted).Select(r => new SearchableRun(r)).ToList();
        string Found(string filter, string? order = null) => string.Join(' ', RunQuery.Parse(filter, order, null).Apply(searchable).Select(r => r.Run.Name));
        Assert.Equal("lr-0.1", Found("tags.mlflow.experimentName = 'churn' and metrics.`val/acc` > 0.5"));
        Assert.Equal("lr-0.1 lr-0.01", Found("attributes.user_id = 'alice'", "metrics.loss DESC")); // the NaN run last
        Assert.Equal("lr-0.01", Found("status = 'FAILED' and tags.`mlflow.runName` = 'lr-0.01'"));
        Assert.Equal("lr-0.1", Found($"artifact_uri = 'mlflow-artifacts:/1/{RunA}/artifacts'"));

        var model = new RegistryStore(fx.Repo).Read().Require("churn-model");
        Assert.Equal(2, model.Stages[ModelStage.Production]);
        Assert.True(model.Require(1).IsArchived);
        Assert.Equal(1, model.Aliases["champion"]);
        Assert.Equal(RunB, model.Require(2).RunId);
        Assert.Equal("better", model.Require(2).Message);
        var registry = new ModelRegistry(fx.Repo);
        registry.Get(ModelUri.Parse("models:/churn-model/Production"), null, dir.Combine("prod"));
        Assert.Equal("weights-b", File.ReadAllText(dir.Combine("prod", "model.pkl")));
        registry.Get(ModelUri.Parse("models:/churn-model@champion"), null, dir.Combine("champion"));
        Assert.Equal("weights-a", File.ReadAllText(dir.Combine("champion", "model.pkl")));
        Assert.Equal("flavors: {}", File.ReadAllText(dir.Combine("champion", "MLmodel")));

        string notes = GitRefs.Resolve(fx.Git, RunNotes.RefName)!;
        string registryRef = GitRefs.Resolve(fx.Git, RegistryStore.RefName)!;
        var again = new MlflowImporter(fx.Repo).Import(tree.Root, "test");
        Assert.True(again.NothingImported);
        Assert.Equal(3, again.RunsAlreadyHere);
        Assert.Equal(notes, GitRefs.Resolve(fx.Git, RunNotes.RefName));
        Assert.Equal(registryRef, GitRefs.Resolve(fx.Git, RegistryStore.RefName));
    }

    [Fact]
    public void A_run_added_to_the_store_later_is_imported_on_its_own()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        var tree = Store(dir.Combine("mlruns"), knownCommit: null);
        new MlflowImporter(fx.Repo).Import(tree.Root, "test");
        string d = tree.Run("1", RunD, "late", 1700000300000, 1700000300100);
        tree.Metric(d, "loss", (1700000300000, 0.1, 0));
        tree.Version("churn-model", 3, "Staging", $"runs:/{RunA}/model", RunA);

        var report = new MlflowImporter(fx.Repo).Import(tree.Root, "test");

        Assert.Equal([RunD], report.Runs.Select(r => r.Id));
        Assert.Equal([3], Assert.Single(report.Models).Versions);
        var model = new RegistryStore(fx.Repo).Read().Require("churn-model");
        Assert.Equal(3, model.Stages[ModelStage.Staging]);
        Assert.Equal(model.Require(1).Oid, model.Require(3).Oid); // the same files, registered twice in MLflow: two versions
    }

    [Fact]
    public void A_folder_that_is_not_a_file_store_is_refused()
    {
        using var fx = new GitRepoFixture();
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("notes.txt"), "x");
        var e = Assert.Throws<ArgumentException>(() => new MlflowImporter(fx.Repo).Import(dir.Path, "test"));
        Assert.Contains("is not an MLflow file store", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MlflowImporter(fx.Repo).Import(dir.Combine("missing"), "test"));
        Assert.Null(GitRefs.Resolve(fx.Git, RunNotes.RefName));
    }
}
