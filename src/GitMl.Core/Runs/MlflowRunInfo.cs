namespace GitMl.Core.Runs;

/// <summary>
/// What an MLflow client asks of a run that git-ml's run record has no field for, in one place: the experiment the
/// run belongs to, kept in the tags <see cref="ExperimentIdTag"/> and <see cref="ExperimentNameTag"/> (written by
/// `git ml import mlflow`; a run without them is in MLflow's Default experiment, "0"), and the artifact URI an MLflow
/// client reads its artifacts from through git-ml's server (mlflow-artifacts:/EXPERIMENT/RUN_ID/artifacts).
/// </summary>
public static class MlflowRunInfo
{
    public const string ExperimentIdTag = "mlflow.experimentId";

    public const string ExperimentNameTag = "mlflow.experimentName";

    /// <summary>MLflow's Default experiment.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>MLflow's statuses of a run that has not ended: it has no end time yet.</summary>
    public static bool IsOpen(string status) => status is "RUNNING" or "SCHEDULED";

    public static string ExperimentId(RunRecord run) =>
        run.Tags.TryGetValue(ExperimentIdTag, out string? id) && id.Length > 0 ? id : DefaultExperimentId;

    public static string ArtifactUri(RunRecord run) => $"mlflow-artifacts:/{ExperimentId(run)}/{run.Id.Hex}/artifacts";
}
