using GitMl.Core.Import.Mlflow;
using GitMl.Core.Registry;

namespace GitMl.Core.Tests.Import.Mlflow;

public sealed class MlflowRegistryMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private static MlflowModelVersion V(int n, string stage, string user = "alice") =>
        new($"models/churn/version-{n}", n, stage, $"runs:/{new string('a', 32)}/model", new string('a', 32), user, 1700000000000 + n, 1700000100000 + n, null);

    private static VersionDraft Draft(char content) =>
        new(new string(content, 64), 10, true, "model", new string('c', 40), new string('a', 32), new Dictionary<string, string>(), new Dictionary<string, double>(), [], "imported from MLflow", null, 100);

    private static MlflowModel Model(IReadOnlyDictionary<string, int>? aliases, params MlflowModelVersion[] versions) =>
        new("models/churn", "churn", 1700000200000, versions, aliases ?? new Dictionary<string, int>());

    private static Dictionary<int, VersionDraft> Drafts(params int[] numbers) => numbers.ToDictionary(n => n, n => Draft((char)('0' + n)));

    [Fact]
    public void Versions_keep_their_numbers_users_times_stages_and_aliases()
    {
        var source = Model(new Dictionary<string, int> { ["champion"] = 2 }, V(1, "Archived"), V(2, "Production", "bob"), V(4, "Staging"));
        var result = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), source, Drafts(1, 2, 4), "Importer <i@x>", Now);
        var model = result.Model;
        Assert.Equal([1, 2, 4], result.Imported);
        Assert.Equal([1, 2, 4], model.Versions.Select(v => v.Number));
        Assert.Equal(4, model.LastVersion);
        Assert.Equal("bob", model.Require(2).User);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000002).ToUnixTimeSeconds(), model.Require(2).Time.ToUnixTimeSeconds());
        Assert.Equal(2, model.Stages[ModelStage.Production]);
        Assert.Equal(4, model.Stages[ModelStage.Staging]);
        Assert.True(model.Require(1).IsArchived);
        Assert.Equal(2, model.Aliases["champion"]);
        Assert.Empty(model.Previous); // no invented rollback targets
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Applying_again_changes_nothing()
    {
        var source = Model(new Dictionary<string, int> { ["champion"] = 2 }, V(1, "None"), V(2, "Production"));
        var first = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), source, Drafts(1, 2), "i", Now);
        var second = MlflowRegistryMapping.Apply(first.Model, source, Drafts(1, 2), "i", Now);
        Assert.Empty(second.Imported);
        Assert.Empty(second.Problems);
        Assert.Equal(ModelFile.Encode(first.Model), ModelFile.Encode(second.Model));
    }

    [Fact]
    public void The_newest_of_several_versions_in_a_stage_takes_it_and_the_others_are_reported()
    {
        var source = Model(null, V(1, "Production"), V(2, "Production"), V(3, "production"));
        var result = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), source, Drafts(1, 2, 3), "i", Now);
        Assert.Equal(3, result.Model.Stages[ModelStage.Production]);
        Assert.Equal(2, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Contains("one version per stage", p.Reason, StringComparison.Ordinal));
        Assert.Null(result.Model.StageOf(1));
    }

    [Fact]
    public void Deleted_versions_and_versions_without_content_are_not_imported_and_numbers_are_never_reused()
    {
        var source = Model(new Dictionary<string, int> { ["old"] = 1 }, V(1, MlflowRegistryMapping.DeletedStage), V(2, "None"), V(3, "None"));
        var result = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), source, Drafts(2), "i", Now);
        Assert.Equal([2], result.Imported);
        Assert.Contains(result.Problems, p => p.Path.EndsWith("version-1", StringComparison.Ordinal) && p.Reason.Contains("deleted", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path.EndsWith("aliases/old", StringComparison.Ordinal));

        // A repository whose model already issued numbers up to 5 cannot take MLflow's 2 and 3 under their numbers.
        var here = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), Model(null, V(5, "None")), Drafts(5), "i", Now).Model;
        var clash = MlflowRegistryMapping.Apply(here, source, Drafts(2, 3), "i", Now);
        Assert.Empty(clash.Imported);
        Assert.Equal(2, clash.Problems.Count(p => p.Reason.Contains("cannot keep its number", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_version_here_with_other_content_is_reported_and_kept()
    {
        var first = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), Model(null, V(1, "None")), Drafts(1), "i", Now).Model;
        var other = new Dictionary<int, VersionDraft> { [1] = Draft('z') };
        var result = MlflowRegistryMapping.Apply(first, Model(null, V(1, "None")), other, "i", Now);
        Assert.Empty(result.Imported);
        Assert.Contains("other content", Assert.Single(result.Problems).Reason, StringComparison.Ordinal);
        Assert.Equal(first.Require(1).Oid, result.Model.Require(1).Oid);
    }

    [Fact]
    public void A_stage_or_alias_held_here_by_another_version_is_not_taken()
    {
        var here = MlflowRegistryMapping.Apply(ModelRecord.Empty("churn"), Model(new Dictionary<string, int> { ["champion"] = 1 }, V(1, "Production")), Drafts(1), "i", Now).Model;
        var source = Model(new Dictionary<string, int> { ["champion"] = 2, ["9lives"] = 2, ["latest"] = 2 }, V(2, "Production"));
        var result = MlflowRegistryMapping.Apply(here, source, Drafts(2), "i", Now);
        Assert.Equal([2], result.Imported);
        Assert.Equal(1, result.Model.Stages[ModelStage.Production]);
        Assert.Equal(1, result.Model.Aliases["champion"]);
        Assert.Equal(2, result.Model.Aliases["9lives"]);
        Assert.False(result.Model.Aliases.ContainsKey("latest")); // reads like a URI keyword: refused by git-ml's alias rules
        Assert.Equal(3, result.Problems.Count);
    }
}
