namespace GitMl.Server.Tracking;

/// <summary>
/// An MLflow experiment: a named group of runs. Its id is stable across renames and derived from the name it was
/// created with (<see cref="ExperimentIds"/>), so two clones that create the same experiment give it the same id and
/// their runs meet in it after a fetch. Times are Unix milliseconds.
/// </summary>
public sealed record Experiment(string Id, string Name, bool Deleted, long CreationTime, long LastUpdateTime, IReadOnlyDictionary<string, string> Tags)
{
    public const string DefaultId = "0";

    public const string DefaultName = "Default";

    public string LifecycleStage => Deleted ? Tracking.LifecycleStage.Deleted : Tracking.LifecycleStage.Active;

    public string ArtifactLocation => $"{ArtifactUris.Scheme}{Id}";
}

/// <summary>MLflow's lifecycle stages of experiments and runs.</summary>
public static class LifecycleStage
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}
