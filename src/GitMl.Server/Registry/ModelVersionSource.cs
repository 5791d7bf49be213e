using GitMl.Core.Runs;
using GitMl.Server.Artifacts;
using GitMl.Server.Http;
using GitMl.Server.LoggedModels;
using GitMl.Server.Tracking;

namespace GitMl.Server.Registry;

/// <summary>
/// What a create-model-version's <c>source</c> names, among what this server holds: a run's artifacts
/// (<c>runs:/RUN_ID/PATH</c>, <c>mlflow-artifacts:/EXP/RUN_ID/artifacts/PATH</c>, or the http(s) form of the proxy),
/// or a logged model (<c>models:/m-...</c>, its artifact location, or <c>model_id</c>). A source elsewhere (s3://, a
/// local path) is refused: git-ml registers bytes it has verified in its own store.
/// </summary>
public sealed record ModelVersionSource(IReadOnlyList<ArtifactFile> Files, bool IsSingleFile, string Path, RunView? Run, LoggedModel? Model)
{
    private const string ProxyAnchor = "/mlflow-artifacts/artifacts/";

    public static ModelVersionSource Resolve(string source, string? runId, string? modelId, ArtifactResolver artifacts, TrackingService tracking, LoggedModelStore models)
    {
        if (!string.IsNullOrEmpty(modelId) && models.TryGet(modelId) is { } byId && !source.Contains("/artifacts/", StringComparison.Ordinal))
        {
            return FromModel(byId, ArtifactPath.Root, tracking);
        }
        if (source.StartsWith("models:/", StringComparison.Ordinal) && LoggedModelStore.IsId(source["models:/".Length..].TrimEnd('/')))
        {
            var model = models.TryGet(source["models:/".Length..].TrimEnd('/')) ?? throw MlflowException.NotFound($"Logged model '{source}' not found.");
            return FromModel(model, ArtifactPath.Root, tracking);
        }
        ArtifactPath path;
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            string rest = source["runs:/".Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            string run = slash < 0 ? rest : rest[..slash];
            var view = tracking.GetRun(run);
            path = ArtifactPath.Of([view.ExperimentId, view.Record.Id.Hex, "artifacts"]).Append(ArtifactPath.Parse(slash < 0 ? "" : rest[(slash + 1)..]));
        }
        else if (source.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            string rest = source["mlflow-artifacts:".Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                int slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? "" : rest[slash..];
            }
            path = ArtifactPath.Parse(rest.TrimStart('/'));
        }
        else if ((source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)) && source.Contains(ProxyAnchor, StringComparison.Ordinal))
        {
            path = ArtifactPath.Parse(source[(source.IndexOf(ProxyAnchor, StringComparison.Ordinal) + ProxyAnchor.Length)..]);
        }
        else
        {
            throw MlflowException.InvalidParameter(
                $"Invalid model version source '{source}': git-ml registers artifacts this server holds (runs:/RUN_ID/PATH, mlflow-artifacts:/..., models:/MODEL_ID); log the model through this server first");
        }
        var location = artifacts.Resolve(path) ?? throw MlflowException.InvalidParameter($"Invalid model version source '{source}': no run or logged model of this server has artifacts there");
        var files = ArtifactTree.Under(location.Root.Files(), location.Rest);
        if (files.Count == 0)
        {
            throw MlflowException.InvalidParameter($"Invalid model version source '{source}': nothing was uploaded there");
        }
        bool single = !location.Rest.IsRoot && ArtifactTree.Find(location.Root.Files(), location.Rest) is not null;
        RunView? runView = null;
        LoggedModel? logged = null;
        if (path.Segments.Count >= 4 && path.Segments[1] == "models")
        {
            logged = models.TryGet(path.Segments[2]);
            runView = logged?.SourceRunId is { Length: > 0 } r ? TryRun(tracking, r) : null;
        }
        else if (path.Segments.Count >= 2 && RunId.TryParse(path.Segments[1], out _))
        {
            runView = TryRun(tracking, path.Segments[1]);
        }
        if (!string.IsNullOrEmpty(runId) && runView is null)
        {
            runView = TryRun(tracking, runId);
        }
        string display = location.Rest.IsRoot ? logged?.Name ?? "artifacts" : location.Rest.Text;
        return new ModelVersionSource(files, single, display, runView, logged);
    }

    private static ModelVersionSource FromModel(LoggedModel model, ArtifactPath under, TrackingService tracking)
    {
        var files = ArtifactTree.Under(model.Files, under);
        if (files.Count == 0)
        {
            throw MlflowException.InvalidParameter($"Logged model {model.Id} has no artifacts: upload them to {model.ArtifactUri} first");
        }
        return new ModelVersionSource(files, false, model.Name, model.SourceRunId is { Length: > 0 } r ? TryRun(tracking, r) : null, model);
    }

    private static RunView? TryRun(TrackingService tracking, string runId)
    {
        try
        {
            return tracking.GetRun(runId);
        }
        catch (MlflowException)
        {
            return null;
        }
    }
}
