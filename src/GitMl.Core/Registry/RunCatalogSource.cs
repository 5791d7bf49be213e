using GitMl.Core.Runs;

namespace GitMl.Core.Registry;

/// <summary>
/// The experiment runs recorded in the run notes (<see cref="RunCatalog"/>) as the registry's <see cref="IRunSource"/>:
/// a run's outputs, params, final metric values and input data become what a registered version records. A run
/// deleted with `git ml runs delete` is not offered.
/// </summary>
public sealed class RunCatalogSource(MlRepository repo) : IRunSource
{
    public RunLineage? Find(string runIdOrPrefix)
    {
        string prefix = runIdOrPrefix.Trim().ToLowerInvariant();
        var catalog = RunCatalog.Read(repo);
        if (RunId.IsValidPrefix(prefix) && !catalog.Runs.Any(r => !r.Deleted && r.Id.StartsWith(prefix)))
        {
            return null;
        }
        var run = catalog.Find(prefix); // Throws ArgumentException for a malformed or ambiguous prefix, naming the candidates.
        return run.Deleted ? null : new RunLineage(
            run.Id.Hex,
            run.Commit,
            run.Outputs.Select(Artifact).ToList(),
            run.Params,
            run.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal),
            run.Data.Select(Artifact).ToList());
    }

    private static RunArtifact Artifact(RunFile file) => new(file.Path, file.Oid.Hex, file.Size);
}
