namespace GitMl.Server.Artifacts;

/// <summary>The files under one artifact root (a run's, a logged model's, a registered version's), and how an upload joins them.</summary>
public interface IArtifactRoot
{
    /// <summary>The root as a URI clients know (mlflow-artifacts:/...).</summary>
    string Uri { get; }

    IReadOnlyList<ArtifactFile> Files();

    /// <summary>Records an uploaded file, its bytes already in the store.</summary>
    /// <exception cref="Http.MlflowException">The root takes no uploads (a registered version), or no longer (an ended run).</exception>
    void Add(ArtifactFile file);
}
