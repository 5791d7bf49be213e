using GitMl.Core.Registry;
using static GitMl.Core.Tests.Registry.RegistryFixtures;

namespace GitMl.Core.Tests.Registry;

public sealed class RegistryMergerTests
{
    private static readonly ModelRecord Base = WithVersions(3)
        .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)));

    private static Func<ModelRecord, ModelRecord> Promote(int version, string stage, int minute) => m => ModelLifecycle.Promote(m, version, stage, "", At(minute)).Model;

    private static Func<ModelRecord, ModelRecord> Alias(int version, string alias, int minute) => m => ModelLifecycle.SetAlias(m, version, alias, "", At(minute)).Model;

    private static Func<ModelRecord, ModelRecord> Register(int content, int minute) => m => ModelLifecycle.Register(m, Draft(content), At(minute)).Model;

    private static Func<ModelRecord, ModelRecord> Delete(int version, int minute) => m => ModelLifecycle.Delete(m, version, "", At(minute)).Model;

    private static Func<ModelRecord, ModelRecord> Archive(int version, int minute) => m => ModelLifecycle.Archive(m, version, "", At(minute)).Model;

    private static Func<ModelRecord, ModelRecord> Nothing => m => m;

    /// <summary>(case, ours, theirs, expected conflict text or null, check on the merged record).</summary>
    public static TheoryData<string> Cases => new()
    {
        "one side only", "identical changes", "different aliases", "different stages", "alias and stage",
        "same stage differently", "same alias differently", "version numbers clash", "delete and promote",
        "archive and promote", "one version into two stages", "both registered the same content", "independent registration and promotion",
    };

    private static (Func<ModelRecord, ModelRecord> Ours, Func<ModelRecord, ModelRecord> Theirs, string? Conflict, Action<ModelRecord>? Check) Case(string name) => name switch
    {
        "one side only" => (Promote(2, ModelStage.Staging, 20), Nothing, null, m => Assert.Equal(2, m.Stages[ModelStage.Staging])),
        "identical changes" => (Promote(2, ModelStage.Staging, 20), Promote(2, ModelStage.Staging, 20), null, m => Assert.Equal(Base.Events.Count + 1, m.Events.Count)),
        "different aliases" => (Alias(2, "champion", 20), Alias(3, "challenger", 21), null, m => Assert.Equal((2, 3), (m.Aliases["champion"], m.Aliases["challenger"]))),
        "different stages" => (Promote(2, ModelStage.Staging, 20), Promote(3, ModelStage.Production, 21), null, m =>
        {
            Assert.Equal((2, 3, 1), (m.Stages[ModelStage.Staging], m.Stages[ModelStage.Production], m.Previous[ModelStage.Production]));
            Assert.Equal(Base.Events.Count + 2, m.Events.Count);
        }),
        "alias and stage" => (Alias(2, "champion", 20), Promote(2, ModelStage.Staging, 21), null, m => Assert.Equal((2, 2), (m.Aliases["champion"], m.Stages[ModelStage.Staging]))),
        "same stage differently" => (Promote(2, ModelStage.Production, 20), Promote(3, ModelStage.Production, 21), "customer-churn-rf: Production was changed on both sides: here version 2, on origin version 3", null),
        "same alias differently" => (Alias(2, "champion", 20), Alias(3, "champion", 21), "customer-churn-rf: @champion was changed on both sides: here version 2, on origin version 3", null),
        "version numbers clash" => (Register(10, 20), Register(11, 21), "customer-churn-rf: version 4 was registered on both sides with different content", null),
        "delete and promote" => (Delete(3, 20), Promote(3, ModelStage.Staging, 21), "Staging would hold version 3, which is deleted", null),
        "archive and promote" => (Archive(3, 20), Promote(3, ModelStage.Staging, 21), "version 3 was put in Staging on one side and archived on the other", null),
        "one version into two stages" => (Promote(3, ModelStage.Staging, 20), Promote(3, ModelStage.Production, 21), "version 3 would be in Production and Staging at once", null),
        "both registered the same content" => (Register(10, 20), Register(10, 20), null, m => Assert.Equal(4, m.LastVersion)),
        "independent registration and promotion" => (Register(10, 20), Promote(2, ModelStage.Staging, 21), null, m =>
        {
            Assert.Equal(4, m.LastVersion);
            Assert.Equal(2, m.Stages[ModelStage.Staging]);
            Assert.Equal(["register", "promote"], m.Events.Skip(Base.Events.Count).Select(e => e.Action));
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_model_merges_when_independent_and_conflicts_when_not(string name)
    {
        var (ours, theirs, conflict, check) = Case(name);
        var result = ModelMerger.Merge(Base, ours(Base), theirs(Base), "origin");
        if (conflict is null)
        {
            Assert.Empty(result.Conflicts);
            check!(result.Merged!);
            Assert.Equal(ModelFile.Encode(result.Merged!), ModelFile.Encode(ModelFile.Decode(ModelFile.Encode(result.Merged!), "merged")));
        }
        else
        {
            Assert.Null(result.Merged);
            Assert.Contains(result.Conflicts, c => c.Contains(conflict, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_merge_is_symmetric_for_independent_changes()
    {
        var ours = Alias(2, "champion", 20)(Base);
        var theirs = Promote(3, ModelStage.Staging, 21)(Base);
        Assert.Equal(ModelFile.Encode(ModelMerger.Merge(Base, ours, theirs, "o").Merged!), ModelFile.Encode(ModelMerger.Merge(Base, theirs, ours, "o").Merged!));
    }

    [Fact]
    public void A_preference_settles_a_stage_conflict()
    {
        var ours = Promote(2, ModelStage.Production, 20)(Base);
        var theirs = Promote(3, ModelStage.Production, 21)(Base);
        Assert.Equal(2, ModelMerger.Merge(Base, ours, theirs, "o", MergePreference.Ours).Merged!.Stages[ModelStage.Production]);
        Assert.Equal(3, ModelMerger.Merge(Base, ours, theirs, "o", MergePreference.Theirs).Merged!.Stages[ModelStage.Production]);
    }

    [Fact]
    public void Different_models_merge_and_a_conflict_in_one_fails_the_whole_merge()
    {
        var other = WithVersions(1, "fraud-detector");
        var baseModels = new Dictionary<string, ModelRecord> { [Base.Name] = Base };
        var ours = new Dictionary<string, ModelRecord> { [Base.Name] = Promote(2, ModelStage.Staging, 20)(Base) };
        var theirs = new Dictionary<string, ModelRecord> { [Base.Name] = Base, [other.Name] = other };
        var merged = RegistryMerger.Merge(baseModels, ours, theirs, "origin");
        Assert.True(merged.Succeeded);
        Assert.Equal(["customer-churn-rf", "fraud-detector"], merged.Models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, merged.Models[Base.Name].Stages[ModelStage.Staging]);

        var clash = new Dictionary<string, ModelRecord> { [Base.Name] = Promote(3, ModelStage.Staging, 21)(Base), [other.Name] = other };
        var conflicted = RegistryMerger.Merge(baseModels, ours, clash, "origin");
        Assert.False(conflicted.Succeeded);
        Assert.Single(conflicted.Conflicts);
    }

    [Fact]
    public void A_model_created_on_both_sides_without_a_base_merges_when_it_agrees()
    {
        var a = WithVersions(1, "new-model");
        var b = a.Apply(m => ModelLifecycle.SetAlias(m, 1, "champion", "", At(30)));
        var result = RegistryMerger.Merge(new Dictionary<string, ModelRecord>(), new Dictionary<string, ModelRecord> { [a.Name] = a }, new Dictionary<string, ModelRecord> { [b.Name] = b }, "origin");
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Models["new-model"].Aliases["champion"]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_merge_keeps_both_sides_history_so_neither_side_sees_a_rewrite(string name)
    {
        var (ours, theirs, conflict, _) = Case(name);
        if (conflict is not null)
        {
            return;
        }
        var (o, t) = (ours(Base), theirs(Base));
        var merged = ModelMerger.Merge(Base, o, t, "origin").Merged!;
        Assert.Empty(RegistryHistory.Rewrites(One(o), One(merged)));
        Assert.Empty(RegistryHistory.Rewrites(One(t), One(merged)));
    }

    [Fact]
    public void Events_out_of_time_order_on_one_side_keep_that_sides_order()
    {
        // A clone whose clock went back appended an event older than its previous one.
        var ours = Alias(2, "champion", 20)(Base);
        var theirs = Alias(3, "late", 25)(Base);
        theirs = Alias(3, "skewed", 15)(theirs);
        var merged = ModelMerger.Merge(Base, ours, theirs, "origin").Merged!;
        Assert.Empty(RegistryHistory.Rewrites(One(ours), One(merged)));
        Assert.Empty(RegistryHistory.Rewrites(One(theirs), One(merged)));
        Assert.Equal(Base.Events.Count + 3, merged.Events.Count);
    }

    private static Dictionary<string, ModelRecord> One(ModelRecord model) => new() { [model.Name] = model };
}
