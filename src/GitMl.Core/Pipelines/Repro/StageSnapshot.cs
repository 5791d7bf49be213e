using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Pipelines.External;
using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// A stage as it is now, in the lock file's terms: command, the hash of every dependency, parameter values and
/// (when asked) the hash of every output. Comparing it with the stage's lock entry says whether, and why, the
/// stage must run; after a run it becomes the new lock entry.
/// </summary>
public static class StageSnapshot
{
    /// <param name="externals">Checks dependencies named by URL (<see cref="ExternalDependencies"/>), by their ETag or modification time.</param>
    /// <param name="storeOutputs">
    /// Put outputs' content into the local object store while hashing them (after a run). Outputs with cache: false
    /// are stored too, though Git keeps them: the run cache can then restore a whole run, metrics included. Nothing
    /// references those copies, so gc may drop them; the run cache then simply runs the stage again.
    /// </param>
    public static (LockedStage Stage, IReadOnlyList<string> MissingDeps, IReadOnlyList<string> MissingOuts) Take(
        PipelineSpec pipeline, StageSpec stage, ContentHasher hasher, ExternalDependencies externals, IParamsSource parameters, bool hashOutputs, bool storeOutputs)
    {
        var paths = new StagePaths(pipeline, stage);
        var deps = new List<LockedPath>();
        var missingDeps = new List<string>();
        foreach (string dep in stage.Deps)
        {
            if (ExternalDependencies.IsExternal(dep))
            {
                if (externals.Check(dep) is { } state)
                {
                    deps.Add(state);
                }
                else
                {
                    missingDeps.Add(dep);
                }
                continue;
            }
            var hashed = hasher.Hash(paths.Resolve(dep), store: false);
            if (hashed.Exists)
            {
                deps.Add(ToLocked(dep, hashed));
            }
            else
            {
                missingDeps.Add(dep);
            }
        }

        var values = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal);
        foreach (var group in stage.Params.GroupBy(p => p.File, StringComparer.Ordinal))
        {
            // Recorded under the file name as the pipeline writes it (relative to the stage's wdir), as dvc.lock does.
            var keys = group.Any(p => p.WholeFile) ? [] : group.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal).ToList();
            values[group.Key] = parameters.Values(paths.Resolve(group.Key), keys);
        }

        var outs = new List<LockedPath>();
        var missingOuts = new List<string>();
        if (hashOutputs)
        {
            foreach (var output in stage.Outs)
            {
                var hashed = hasher.Hash(paths.Resolve(output.Path), store: storeOutputs);
                if (hashed.Exists)
                {
                    outs.Add(ToLocked(output.Path, hashed));
                }
                else
                {
                    missingOuts.Add(output.Path);
                }
            }
        }
        var snapshot = new LockedStage(stage.CommandText, deps, values, outs, new Dictionary<string, string>());
        return (snapshot, missingDeps, missingOuts);
    }

    private static LockedPath ToLocked(string path, HashedPath hashed) =>
        new(StagePaths.Normalize(path), "sha256", hashed.Hash, hashed.Size, hashed.FileCount, new Dictionary<string, string>());
}
