using GitMl.Core.Registry;

namespace GitMl.Core.Tests.Registry;

/// <summary>Records and actors for the pure registry tests.</summary>
internal static class RegistryFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static RegistryActor At(int minutes, string user = "Alice <alice@example.com>") => new(user, T0.AddMinutes(minutes));

    public static string Oid(int n) => n.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, '0');

    public static VersionDraft Draft(int n, string? semver = null) => new(Oid(n), 100 + n, false, "models/model.pkl", new string('c', 40), null,
        new Dictionary<string, string> { ["n_estimators"] = "100" }, new Dictionary<string, double> { ["accuracy"] = 0.9 }, [new RunArtifact("data/train.csv", Oid(1000), 10)], $"v{n}", semver);

    /// <summary>A model with versions 1..count registered.</summary>
    public static ModelRecord WithVersions(int count, string name = "customer-churn-rf")
    {
        var model = ModelRecord.Empty(name);
        for (int i = 1; i <= count; i++)
        {
            model = ModelLifecycle.Register(model, Draft(i), At(i)).Model;
        }
        return model;
    }

    public static ModelRecord Apply(this ModelRecord model, Func<ModelRecord, ModelChange> change) => change(model).Model;
}
