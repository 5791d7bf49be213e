using System.Security.Cryptography;
using System.Text;
using GitMl.Core.Maintenance;
using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Tests.Registry;

public sealed class RegistryStoreTests
{
    private sealed class FakeRuns(params RunLineage[] runs) : IRunSource
    {
        public RunLineage? Find(string runIdOrPrefix)
        {
            var found = runs.Where(r => r.RunId.StartsWith(runIdOrPrefix, StringComparison.Ordinal)).ToList();
            return found.Count > 1 ? throw new ArgumentException($"run prefix {runIdOrPrefix} is ambiguous") : found.SingleOrDefault();
        }
    }

    private static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private static RunLineage Run(string id, params RunArtifact[] outputs) => new(id, new string('a', 40), outputs,
        new Dictionary<string, string> { ["n_estimators"] = "200" }, new Dictionary<string, double> { ["accuracy"] = 0.93 },
        [new RunArtifact("data/train.csv", Sha("train"), 5)]);

    [Fact]
    public void Register_from_a_path_stores_the_bytes_and_records_HEAD_and_the_user()
    {
        using var fx = new GitRepoFixture();
        fx.Write("models/model.pkl", "weights-1");
        var registry = new ModelRegistry(fx.Repo);
        var change = registry.Register("customer-churn-rf", "models/model.pkl", fx.Path, null, "baseline");
        var v = change.Model.Require(1);
        Assert.Equal(Sha("weights-1"), v.Oid);
        Assert.True(fx.Repo.Store.Contains(ObjectId.Parse(v.Oid)));
        Assert.Equal("models/model.pkl", v.Path);
        Assert.Equal(GitRefs.Resolve(fx.Git, "HEAD"), v.Commit);
        Assert.Equal("Alice <alice@example.com>", v.User);
        Assert.Equal(ModelFile.Encode(change.Model), ModelFile.Encode(new RegistryStore(fx.Repo).Read().Require("customer-churn-rf")));

        var again = registry.Register("customer-churn-rf", "models/model.pkl", fx.Path, null, "");
        Assert.False(again.Changed);
        Assert.Single(fx.Git.Check(["rev-list", RegistryStore.RefName]).Lines());
    }

    [Fact]
    public void Register_a_directory_stores_its_manifest_and_get_writes_it_back()
    {
        using var fx = new GitRepoFixture();
        fx.Write("model/weights.bin", "w");
        fx.Write("model/sub/config.json", "{}");
        var registry = new ModelRegistry(fx.Repo);
        var v = registry.Register("m", "model", fx.Path, null, "").Model.Require(1);
        Assert.True(v.IsDirectory);
        Assert.NotNull(v.ManifestSize);
        var (_, written) = registry.Get(ModelUri.Parse("models:/m/1"), null, System.IO.Path.Combine(fx.Path, "out"));
        Assert.Equal(2, written.Count);
        Assert.Equal("{}", File.ReadAllText(System.IO.Path.Combine(fx.Path, "out", "sub", "config.json")));
        Assert.Equal(3, RegistryObjects.Referenced(fx.Repo).Count());
    }

    [Fact]
    public void Register_from_a_run_copies_commit_params_metrics_and_data_lineage()
    {
        using var fx = new GitRepoFixture();
        var runs = new FakeRuns(Run("3f2a9c0011", new RunArtifact("models/model.pkl", Sha("m"), 1)),
            Run("77aa000000", new RunArtifact("models/a.pkl", Sha("a"), 1), new RunArtifact("models/b.pkl", Sha("b"), 1)));
        var registry = new ModelRegistry(fx.Repo);

        var v = registry.RegisterFromRun("churn", "3f2a", runs, "1.0.0", "from run").Model.Require(1);
        Assert.Equal(("3f2a9c0011", new string('a', 40), Sha("m"), "models/model.pkl"), (v.RunId, v.Commit, v.Oid, v.Path));
        Assert.Equal("200", v.Params["n_estimators"]);
        Assert.Equal(0.93, v.Metrics["accuracy"]);
        Assert.Equal("data/train.csv", Assert.Single(v.Data).Path);
        Assert.Contains("metric accuracy: 0.93", fx.Git.Check(["tag", "-l", "-n20", "model/churn/v1.0.0"]).StdoutText, StringComparison.Ordinal);

        var several = Assert.Throws<ArgumentException>(() => registry.RegisterFromRun("churn", "77aa", runs, null, ""));
        Assert.Contains("models/a.pkl", several.Message, StringComparison.Ordinal);
        Assert.Equal(Sha("b"), registry.RegisterFromRun("churn", "77aa:models/b.pkl", runs, null, "").Model.Require(2).Oid);
        Assert.Throws<RegistryException>(() => registry.RegisterFromRun("churn", "ffff", runs, null, ""));
        Assert.Throws<RegistryException>(() => registry.RegisterFromRun("churn", "3f2a", RunSources.Unavailable.Instance, null, ""));
        Assert.Throws<RegistryException>(() => registry.RegisterFromRun("churn", "77aa:models/a.pkl", runs, "1.0.0", ""));
    }

    [Fact]
    public void Concurrent_promotions_all_land_through_compare_and_swap()
    {
        using var fx = new GitRepoFixture();
        var registry = new ModelRegistry(fx.Repo);
        for (int i = 0; i < 6; i++)
        {
            fx.Write("m.pkl", $"w{i}");
            registry.Register("m", "m.pkl", fx.Path, null, "");
        }
        Parallel.For(1, 7, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            new ModelRegistry(MlRepository.Open(fx.Path)).SetAlias("m", i, $"alias{i}", "concurrent"));
        var model = registry.Read().Require("m");
        Assert.Equal(6, model.Aliases.Count);
        Assert.Equal(12, fx.Git.Check(["rev-list", "--count", RegistryStore.RefName]).StdoutText.Trim() is var n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    [Fact]
    public void Gc_keeps_every_live_version_and_releases_a_deleted_one()
    {
        using var fx = new GitRepoFixture();
        var registry = new ModelRegistry(fx.Repo);
        var oids = new List<ObjectId>();
        for (int i = 1; i <= 3; i++)
        {
            fx.Write("m.pkl", $"w{i}");
            oids.Add(ObjectId.Parse(registry.Register("m", "m.pkl", fx.Path, null, "").Model.Require(i).Oid));
        }
        registry.Promote("m", 1, ModelStage.Production, "");
        registry.Promote("m", 2, ModelStage.Production, "");
        registry.Delete("m", 3, "");
        var keep = KeepSet.Compute(fx.Repo, new GcScope(false, false, false, null));
        Assert.Contains(oids[0], keep);
        Assert.Contains(oids[1], keep);
        Assert.DoesNotContain(oids[2], keep);
        Assert.Contains("model registry versions that are not deleted", KeepSet.Describe(new GcScope(false, false, false, null)));
    }

    [Fact]
    public void Integrate_creates_fast_forwards_merges_and_reports_conflicts_leaving_the_local_ref_alone()
    {
        using var origin = new GitRepoFixture();
        var a = new ModelRegistry(origin.Repo);
        origin.Write("m.pkl", "w1");
        a.Register("churn", "m.pkl", origin.Path, null, "");
        origin.Write("m.pkl", "w2");
        a.Register("churn", "m.pkl", origin.Path, null, "");
        a.Promote("churn", 1, ModelStage.Production, "");

        using var clone = new GitRepoFixture(origin.Path);
        var shared = new RegistryRef();
        Assert.Equal(SharedRefOutcome.Created, shared.Integrate(clone.Repo, "origin", Fetch(clone)).Outcome);
        Assert.Equal(SharedRefOutcome.UpToDate, shared.Integrate(clone.Repo, "origin", Fetch(clone)).Outcome);

        a.SetAlias("churn", 2, "challenger", "");
        Assert.Equal(SharedRefOutcome.FastForward, shared.Integrate(clone.Repo, "origin", Fetch(clone)).Outcome);

        // Different models on each side: a merge commit with both.
        var b = new ModelRegistry(clone.Repo);
        clone.Write("f.pkl", "fraud");
        b.Register("fraud", "f.pkl", clone.Path, null, "");
        a.Promote("churn", 2, ModelStage.Staging, "");
        var merged = shared.Integrate(clone.Repo, "origin", Fetch(clone));
        Assert.Equal(SharedRefOutcome.Merged, merged.Outcome);
        var snapshot = b.Read();
        Assert.Equal(["churn", "fraud"], snapshot.Models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, snapshot.Require("churn").Stages[ModelStage.Staging]);
        Assert.Equal(2, clone.Git.Check(["rev-list", "--parents", "-n1", RegistryStore.RefName]).StdoutText.Trim().Split(' ').Length - 1);

        // The same stage on both sides: conflicted, local ref unchanged, message names model, stage and versions.
        b.Promote("churn", 2, ModelStage.Production, "here");
        a.Register("churn", Write(origin, "m.pkl", "w3"), origin.Path, null, "");
        a.Promote("churn", 3, ModelStage.Production, "there");
        string before = GitRefs.Resolve(clone.Git, RegistryStore.RefName)!;
        var conflicted = shared.Integrate(clone.Repo, "origin", Fetch(clone));
        Assert.Equal(SharedRefOutcome.Conflicted, conflicted.Outcome);
        Assert.Contains(conflicted.Conflicts, c => c.Contains("churn: Production was changed on both sides: here version 2, on origin version 3", StringComparison.Ordinal));
        Assert.Equal(before, GitRefs.Resolve(clone.Git, RegistryStore.RefName));

        var settled = new RegistryRef(MergePreference.Theirs).Integrate(clone.Repo, "origin", Fetch(clone));
        Assert.Equal(SharedRefOutcome.Merged, settled.Outcome);
        Assert.Equal(3, b.Read().Require("churn").Stages[ModelStage.Production]);
    }

    [Fact]
    public void A_commit_that_is_not_a_registry_is_refused_and_changes_nothing()
    {
        using var fx = new GitRepoFixture();
        var e = Assert.Throws<FormatException>(() => new RegistryRef().Integrate(fx.Repo, "origin", "HEAD"));
        Assert.Contains("not a model registry commit", e.Message, StringComparison.Ordinal);
        Assert.Null(GitRefs.Resolve(fx.Git, RegistryStore.RefName));
    }

    private static string Write(GitRepoFixture fx, string path, string content)
    {
        fx.Write(path, content);
        return path;
    }

    /// <summary>Fetches origin's registry into a tracking ref, as the sharing code does, and returns its commit.</summary>
    private static string Fetch(GitRepoFixture clone)
    {
        clone.Git.Check(["fetch", "-q", "origin", "+refs/ml/registry:refs/ml/remotes/origin/ml/registry"]);
        return GitRefs.Resolve(clone.Git, "refs/ml/remotes/origin/ml/registry")!;
    }
}
