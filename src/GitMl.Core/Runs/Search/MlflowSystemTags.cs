namespace GitMl.Core.Runs.Search;

/// <summary>
/// MLflow keeps some facts about a run twice, as an attribute and as a system tag: the name is also the tag
/// <c>mlflow.runName</c>, the user <c>mlflow.user</c>, the commit <c>mlflow.source.git.commit</c>, the branch
/// <c>mlflow.source.git.branch</c>. git-ml records them once, as the run's own fields, so a filter written for MLflow
/// (<c>tags.mlflow.runName = 'lr-0.01'</c>) reads the tag when the run has it and the field when it does not.
/// </summary>
internal static class MlflowSystemTags
{
    /// <summary>The attribute that answers for the tag, or null when the tag is an ordinary one.</summary>
    public static string? AttributeFor(string tag) => tag switch
    {
        "mlflow.runName" => RunAttributes.RunName,
        "mlflow.user" => RunAttributes.User,
        "mlflow.source.git.commit" => RunAttributes.Commit,
        "mlflow.source.git.branch" => RunAttributes.Branch,
        _ => null,
    };
}
