using GitMl.Core.Registry;
using static GitMl.Core.Tests.Registry.RegistryFixtures;

namespace GitMl.Core.Tests.Registry;

/// <summary>The registry's history is append-only: what a later registry may change, and what it may not.</summary>
public sealed class RegistryHistoryTests
{
    private const string Name = "customer-churn-rf";

    /// <summary>Three versions, 1 in Production, 2 archived, 3 deleted: every kind of state a version can be in.</summary>
    private static readonly ModelRecord Recorded = WithVersions(3)
        .Apply(m => ModelLifecycle.Promote(m, 1, ModelStage.Production, "", At(10)))
        .Apply(m => ModelLifecycle.Archive(m, 2, "", At(11)))
        .Apply(m => ModelLifecycle.Delete(m, 3, "", At(12)));

    private static ModelRecord EditVersion(ModelRecord m, int number, Func<ModelVersion, ModelVersion> edit) =>
        m with { Versions = m.Versions.Select(v => v.Number == number ? edit(v) : v).ToList() };

    public static TheoryData<string> Cases => new()
    {
        "unchanged", "a new version", "stages, aliases and archive marks move", "a version deleted", "a merge interleaves another clone's events",
        "oid", "size", "kind", "manifestSize", "path", "commit", "run", "semver", "user", "time", "message", "params", "metrics", "data",
        "a version removed", "a deleted version restored", "lastVersion taken back", "the model removed",
        "events cut", "an event changed", "events reordered", "a control character in a changed path",
    };

    /// <summary>(the candidate made from <see cref="Recorded"/>, the expected rewrite text, or null when it only adds).</summary>
    private static (Func<ModelRecord, ModelRecord?> Candidate, string? Expected) Case(string name) => name switch
    {
        "unchanged" => (m => m, null),
        "a new version" => (m => ModelLifecycle.Register(m, Draft(4), At(20)).Model, null),
        "stages, aliases and archive marks move" => (m => m
            .Apply(x => ModelLifecycle.Promote(x, 2, ModelStage.Production, "", At(20)))
            .Apply(x => ModelLifecycle.SetAlias(x, 1, "champion", "", At(21)))
            .Apply(x => ModelLifecycle.Archive(x, 1, "", At(22))), null),
        "a version deleted" => (m => ModelLifecycle.Delete(m, 2, "", At(20)).Model, null),
        "a merge interleaves another clone's events" => (m => m with { Events = [.. m.Events.Take(2), new ModelEvent(At(1).Time.AddSeconds(30), "Bob <bob@example.com>", "alias", 1, "None", "@x", "", ""), .. m.Events.Skip(2)] }, null),
        "oid" => (m => EditVersion(m, 1, v => v with { Oid = Oid(99) }), $"{Name} version 1: oid changed from '{Oid(1)}' to '{Oid(99)}'"),
        "size" => (m => EditVersion(m, 2, v => v with { Size = 1 }), $"{Name} version 2: size changed from '102' to '1'"),
        "kind" => (m => EditVersion(m, 1, v => v with { IsDirectory = true }), $"{Name} version 1: kind changed from 'file' to 'directory'"),
        "manifestSize" => (m => EditVersion(m, 1, v => v with { ManifestSize = 7 }), $"{Name} version 1: manifestSize changed from 'null' to '7'"),
        "path" => (m => EditVersion(m, 1, v => v with { Path = "other.pkl" }), $"{Name} version 1: path changed from 'models/model.pkl' to 'other.pkl'"),
        "commit" => (m => EditVersion(m, 1, v => v with { Commit = null }), $"{Name} version 1: commit changed from '{new string('c', 40)}' to 'null'"),
        "run" => (m => EditVersion(m, 3, v => v with { RunId = "ab" }), $"{Name} version 3: run changed from 'null' to 'ab'"),
        "semver" => (m => EditVersion(m, 1, v => v with { Semver = "9.9.9" }), $"{Name} version 1: semver changed from 'null' to '9.9.9'"),
        "user" => (m => EditVersion(m, 1, v => v with { User = "Mallory" }), $"{Name} version 1: user changed from 'Alice <alice@example.com>' to 'Mallory'"),
        "time" => (m => EditVersion(m, 1, v => v with { Time = T0 }), $"{Name} version 1: time changed from '2026-01-01T12:01:00Z' to '2026-01-01T12:00:00Z'"),
        "message" => (m => EditVersion(m, 1, v => v with { Message = "" }), $"{Name} version 1: message changed from 'v1' to ''"),
        "params" => (m => EditVersion(m, 1, v => v with { Params = new Dictionary<string, string> { ["n_estimators"] = "5" } }), $"{Name} version 1: params changed from 'n_estimators=100' to 'n_estimators=5'"),
        "metrics" => (m => EditVersion(m, 1, v => v with { Metrics = new Dictionary<string, double> { ["accuracy"] = 0.99 } }), $"{Name} version 1: metrics changed from 'accuracy=0.9' to 'accuracy=0.99'"),
        "data" => (m => EditVersion(m, 1, v => v with { Data = [] }), $"{Name} version 1: data changed from 'data/train.csv {Oid(1000)} 10' to ''"),
        "a version removed" => (m => m with { Versions = m.Versions.Where(v => v.Number != 2).ToList() }, $"{Name} version 2: the version was removed"),
        "a deleted version restored" => (m => EditVersion(m, 3, v => v with { Deleted = null }), $"{Name} version 3: it was deleted (2026-01-01T12:12:00Z) and is no longer"),
        "lastVersion taken back" => (m => m with { LastVersion = 2, Versions = m.Versions.Take(2).ToList() }, $"{Name}: lastVersion went back from 3 to 2"),
        "the model removed" => (_ => null, $"{Name}: the model was removed, with its 3 version(s) and 6 audit event(s)"),
        "events cut" => (m => m with { Events = m.Events.Take(4).ToList() }, $"{Name}: audit trail: event 5 of 6 (2026-01-01T12:11:00Z 'archive' of version 2 by 'Alice <alice@example.com>') was removed, changed or moved; it holds 4 where 6 were recorded"),
        "an event changed" => (m => m with { Events = [.. m.Events.Take(3), m.Events[3] with { User = "Mallory" }, .. m.Events.Skip(4)] }, $"{Name}: audit trail: event 4 of 6"),
        "events reordered" => (m => m with { Events = [m.Events[1], m.Events[0], .. m.Events.Skip(2)] }, $"{Name}: audit trail: event 2 of 6"),
        "a control character in a changed path" => (m => EditVersion(m, 1, v => v with { Path = "\u001b]0;owned\u0007x" }), "to '\\u001b]0;owned\\u0007x'"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_later_registry_may_add_and_move_but_never_rewrite_what_was_recorded(string name)
    {
        var (candidate, expected) = Case(name);
        var models = new Dictionary<string, ModelRecord> { [Recorded.Name] = Recorded };
        var later = candidate(Recorded) is { } model ? new Dictionary<string, ModelRecord> { [model.Name] = model } : [];
        var rewrites = RegistryHistory.Rewrites(models, later).Select(r => r.ToString()).ToList();
        if (expected is null)
        {
            Assert.Empty(rewrites);
        }
        else
        {
            Assert.Contains(rewrites, r => r.Contains(expected, StringComparison.Ordinal));
            Assert.DoesNotContain(rewrites, r => r.Any(char.IsControl));
        }
    }

    [Fact]
    public void Another_model_and_new_models_are_not_rewrites()
    {
        var other = WithVersions(1, "fraud-detector");
        var recorded = new Dictionary<string, ModelRecord> { [Recorded.Name] = Recorded };
        Assert.Empty(RegistryHistory.Rewrites(recorded, new Dictionary<string, ModelRecord> { [Recorded.Name] = Recorded, [other.Name] = other }));
        Assert.Empty(RegistryHistory.Rewrites(new Dictionary<string, ModelRecord>(), recorded));
    }
}
