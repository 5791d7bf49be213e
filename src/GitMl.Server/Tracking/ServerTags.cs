namespace GitMl.Server.Tracking;

/// <summary>
/// Tags the server records on a run for what a git-ml run has no field of its own for. They are ordinary tags in the
/// note (so `git ml runs search "tags.git-ml.experiment.name = 'churn'"` works and another clone learns the
/// experiment from them), and the API leaves them out of the tags it returns, giving their meaning back as fields.
/// </summary>
public static class ServerTags
{
    public const string ExperimentId = "git-ml.experiment.id";
    public const string ExperimentName = "git-ml.experiment.name";
    /// <summary>log-inputs' datasets, as the JSON list MLflow's API returns (they name no file git-ml could hash).</summary>
    public const string Inputs = "git-ml.mlflow.inputs";
    /// <summary>runs/outputs' logged models: a JSON list of {model_id, step}.</summary>
    public const string Outputs = "git-ml.mlflow.outputs";

    /// <summary>MLflow's own tags the server reads.</summary>
    public const string RunName = "mlflow.runName";
    public const string GitCommit = "mlflow.source.git.commit";
    public const string GitBranch = "mlflow.source.git.branch";
    public const string User = "mlflow.user";
    public const string SourceName = "mlflow.source.name";
    public const string ParentRunId = "mlflow.parentRunId";
    public const string LoggedModels = "mlflow.log-model.history";

    public static bool IsHidden(string key) => key.StartsWith("git-ml.", StringComparison.Ordinal);
}
