using GitMl.Core.Runs;
using GitMl.Server.Http;
using GitMl.Server.Tracking;

namespace GitMl.Server.Artifacts;

/// <summary>
/// Maps an artifact proxy path to the root it belongs to and the path under it, the layout MLflow's clients build
/// from the URIs the server hands out (<see cref="ArtifactUris"/>):
/// <c>EXPERIMENT/RUN_ID/artifacts/...</c>, <c>EXPERIMENT/models/MODEL_ID/artifacts/...</c>, <c>registry/NAME/VERSION/...</c>.
/// </summary>
public sealed class ArtifactResolver(TrackingService tracking, Func<string, IArtifactRoot?> loggedModel, Func<string, string, IArtifactRoot?> registryVersion)
{
    public sealed record Location(IArtifactRoot Root, ArtifactPath Rest);

    /// <summary>The location, or null when the path names no root this server has (yet).</summary>
    public Location? Resolve(ArtifactPath path)
    {
        var s = path.Segments;
        if (s.Count >= 3 && s[0] == ArtifactUris.RegistryRoot)
        {
            return registryVersion(s[1], s[2]) is { } version ? new Location(version, path.Skip(3)) : null;
        }
        if (s.Count >= 4 && s[1] == "models" && s[3] == "artifacts")
        {
            return loggedModel(s[2]) is { } model ? new Location(model, path.Skip(4)) : null;
        }
        if (s.Count >= 3 && s[2] == "artifacts" && RunId.TryParse(s[1], out _))
        {
            RunView run;
            try
            {
                run = tracking.GetRun(s[1]);
            }
            catch (MlflowException)
            {
                return null;
            }
            if (run.ExperimentId != s[0])
            {
                return null;
            }
            return new Location(new RunRoot(tracking, run), path.Skip(3));
        }
        return null;
    }

    private sealed class RunRoot(TrackingService tracking, RunView run) : IArtifactRoot
    {
        public string Uri => run.ArtifactUri;

        public IReadOnlyList<ArtifactFile> Files() =>
            tracking.Artifacts(run.Record.Id.Hex).Select(f => new ArtifactFile(f.Path, f.Oid, f.Size)).ToList();

        public void Add(ArtifactFile file) => tracking.AddArtifact(run.Record.Id.Hex, new RunFile(file.Path, file.Oid, file.Size));
    }
}
