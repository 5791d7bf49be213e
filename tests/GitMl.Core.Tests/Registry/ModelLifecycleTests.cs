using GitMl.Core.Registry;
using static GitMl.Core.Tests.Registry.RegistryFixtures;

namespace GitMl.Core.Tests.Registry;

public sealed class ModelLifecycleTests
{
    [Fact]
    public void The_seed_promotion_workflow_keeps_N_minus_1_and_rolls_back_in_one_step()
    {
        var m = WithVersions(3)
            .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Staging, "", At(10)))
            .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(11)));
        Assert.False(m.Stages.ContainsKey(ModelStage.Staging));
        m = m.Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Staging, "", At(12)))
            .Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Production, "", At(13)));
        Assert.Equal(2, m.Stages[ModelStage.Production]);
        Assert.Equal(1, m.Previous[ModelStage.Production]);

        var rollback = ModelLifecycle.Rollback(m, ModelStage.Production, "accuracy dropped", At(14));
        m = rollback.Model;
        Assert.Equal(1, m.Stages[ModelStage.Production]);
        Assert.True(m.Require(2).IsArchived);
        Assert.Equal(ModelStage.Archived, m.StateOf(m.Require(2)));
        Assert.Empty(m.Previous);
        Assert.Equal(["register", "register", "register", "promote", "promote", "promote", "promote", "rollback", "rollback"], m.Events.Select(e => e.Action));
        Assert.All(m.Events.TakeLast(2), e => Assert.Equal("accuracy dropped", e.Message));
    }

    [Fact]
    public void Registering_the_same_content_again_creates_nothing_and_names_the_version()
    {
        var m = WithVersions(2);
        var again = ModelLifecycle.Register(m, Draft(1), At(5));
        Assert.False(again.Changed);
        Assert.Equal(1, again.Version);
        Assert.Same(m, again.Model);
    }

    [Fact]
    public void Version_numbers_are_never_reused_after_a_delete()
    {
        var m = WithVersions(3).Apply(m => ModelLifecycle.Delete(m, 3, "", At(5)));
        var next = ModelLifecycle.Register(m, Draft(4), At(6));
        Assert.Equal(4, next.Version);
        Assert.True(next.Model.Require(3).IsDeleted);
        Assert.Equal([1, 2, 4], next.Model.Versions.Where(v => !v.IsDeleted).Select(v => v.Number));
    }

    [Fact]
    public void Content_registered_again_after_its_version_was_deleted_gets_a_new_number()
    {
        var m = WithVersions(2).Apply(m => ModelLifecycle.Delete(m, 2, "", At(5)));
        Assert.Equal(3, ModelLifecycle.Register(m, Draft(2), At(6)).Version);
    }

    [Fact]
    public void Semver_must_increase()
    {
        var m = ModelRecord.Empty("m").Apply(m => ModelLifecycle.Register(m, Draft(1, "1.2.0"), At(1)));
        var e = Assert.Throws<RegistryException>(() => ModelLifecycle.Register(m, Draft(2, "1.2.0"), At(2)));
        Assert.Contains("1.2.0", e.Message, StringComparison.Ordinal);
        Assert.Throws<RegistryException>(() => ModelLifecycle.Register(m, Draft(2, "1.1.9"), At(2)));
        Assert.Equal("1.10.0", ModelLifecycle.Register(m, Draft(2, "1.10.0"), At(2)).Model.Require(2).Semver);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("alias")]
    [InlineData("rollback")]
    public void Protected_versions_cannot_be_deleted(string how)
    {
        var m = WithVersions(3);
        m = how switch
        {
            "Production" or "Staging" => m.Apply(m => ModelLifecycle.Promote(m, 1, how, "", At(10))),
            "alias" => m.Apply(m => ModelLifecycle.SetAlias(m, 1, "champion", "", At(10))),
            _ => m.Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10))).Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Production, "", At(11))),
        };
        var e = Assert.Throws<RegistryException>(() => ModelLifecycle.Delete(m, 1, "", At(20)));
        Assert.Contains("cannot delete customer-churn-rf version 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(ModelLifecycle.Delete(m, 3, "", At(20)).Model.Require(3).Deleted, At(20).Time);
    }

    [Fact]
    public void No_operation_changes_a_versions_content()
    {
        var m = WithVersions(3);
        var before = m.Versions.Select(v => (v.Number, v.Oid, v.Size, v.Path, v.Commit)).ToList();
        m = m.Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)))
            .Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Production, "", At(11)))
            .Apply(m => ModelLifecycle.SetAlias(m, 3, "x", "", At(12)))
            .Apply(m => ModelLifecycle.Rollback(m, ModelStage.Production, "", At(13)))
            .Apply(m => ModelLifecycle.RemoveAlias(m, "x", "", At(14)))
            .Apply(m => ModelLifecycle.Delete(m, 3, "", At(15)))
            .Apply(m => ModelLifecycle.Register(m, Draft(1), At(16)));
        Assert.Equal(before, m.Versions.Select(v => (v.Number, v.Oid, v.Size, v.Path, v.Commit)).ToList());
    }

    [Fact]
    public void Rollback_without_a_target_says_what_to_do()
    {
        var m = WithVersions(1).Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)));
        var e = Assert.Throws<RegistryException>(() => ModelLifecycle.Rollback(m, ModelStage.Production, "", At(11)));
        Assert.Contains("git ml model promote", e.Message, StringComparison.Ordinal);
        Assert.Throws<RegistryException>(() => ModelLifecycle.Rollback(WithVersions(1), ModelStage.Production, "", At(11)));
    }

    [Fact]
    public void A_Production_version_cannot_be_archived_and_a_Staging_one_leaves_Staging()
    {
        var m = WithVersions(2)
            .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)))
            .Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Staging, "", At(11)));
        Assert.Throws<RegistryException>(() => ModelLifecycle.Archive(m, 1, "", At(12)));
        m = m.Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Archived, "", At(12)));
        Assert.False(m.Stages.ContainsKey(ModelStage.Staging));
        Assert.True(m.Require(2).IsArchived);
        Assert.Equal(2, ModelLifecycle.Delete(m, 2, "", At(13)).Version);
    }

    [Fact]
    public void Promoting_to_the_current_stage_changes_nothing_and_deleted_versions_cannot_be_promoted()
    {
        var m = WithVersions(2).Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Staging, "", At(10)));
        Assert.False(ModelLifecycle.Promote(m, 1, ModelStage.Staging, "", At(11)).Changed);
        m = m.Apply(m => ModelLifecycle.Delete(m, 2, "", At(12)));
        Assert.Throws<RegistryException>(() => ModelLifecycle.Promote(m, 2, ModelStage.Production, "", At(13)));
        Assert.Throws<RegistryException>(() => ModelLifecycle.Promote(m, 9, ModelStage.Production, "", At(13)));
    }

    [Fact]
    public void An_alias_points_at_one_version_and_moves()
    {
        var m = WithVersions(2).Apply(m => ModelLifecycle.SetAlias(m, 1, "champion", "", At(10)));
        var moved = ModelLifecycle.SetAlias(m, 2, "champion", "", At(11));
        Assert.Equal(2, moved.Model.Aliases["champion"]);
        Assert.Equal("v1", moved.Model.Events[^1].From);
        Assert.Throws<RegistryException>(() => ModelLifecycle.RemoveAlias(m, "nope", "", At(12)));
    }

    [Fact]
    public void Retention_prunes_old_and_long_archived_versions_but_never_protected_ones()
    {
        var m = WithVersions(6)
            .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)))
            .Apply(m => ModelLifecycle.Promote(m, 2, ModelStage.Production, "", At(11))) // 1 is the rollback target
            .Apply(m => ModelLifecycle.SetAlias(m, 3, "old-favourite", "", At(12)))
            .Apply(m => ModelLifecycle.Archive(m, 5, "", At(13)));
        var keepTwo = new RetentionPolicy(null, 2).Candidates(m, At(14).Time);
        Assert.Equal([4], keepTwo.Select(c => c.Version.Number)); // newest two are 5 and 6; 1, 2, 3 protected
        var archived = new RetentionPolicy(30, null);
        Assert.Empty(archived.Candidates(m, At(14).Time));
        Assert.Equal([5], archived.Candidates(m, At(14).Time.AddDays(30)).Select(c => c.Version.Number));
        Assert.Empty(RetentionPolicy.None.Candidates(m, At(14).Time.AddYears(1)));
    }
}
