namespace GitMl.Server.Tracking;

/// <summary>
/// The artifact URIs the server hands out, all served by its artifact proxy (<c>/api/2.0/mlflow-artifacts</c>) from
/// git-ml's store: a run's <c>mlflow-artifacts:/EXPERIMENT/RUN/artifacts</c>, a logged model's
/// <c>mlflow-artifacts:/EXPERIMENT/models/MODEL_ID/artifacts</c>, and a registered version's
/// <c>mlflow-artifacts:/registry/NAME/VERSION</c>. Clients resolve them against the tracking URI, so no cloud
/// credentials are ever needed on the client.
/// </summary>
public static class ArtifactUris
{
    public const string Scheme = "mlflow-artifacts:/";

    public const string RegistryRoot = "registry";

    public static string ForRun(string experimentId, string runId) => $"{Scheme}{experimentId}/{runId}/artifacts";

    public static string ForLoggedModel(string experimentId, string modelId) => $"{Scheme}{experimentId}/models/{modelId}/artifacts";

    public static string ForRegistryVersion(string name, int version) => $"{Scheme}{RegistryRoot}/{name}/{version}";
}
