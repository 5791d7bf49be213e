using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Metrics;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines;
using GitMl.Core.Tracking;

namespace GitMl.Core.Runs;

/// <summary>
/// What a run reads from the working tree besides what its command logs: the params of the params files the pipeline
/// uses (params.yaml alone when there is no pipeline), the metrics files the pipeline declares, and the data lineage.
/// Param and metric names are the dotted keys of params.yaml and of the metrics files; keys of any other params file
/// are prefixed with its path and a colon ("config/train.json:lr"), as DVC names them.
/// </summary>
public static class RunInputs
{
    private const string DefaultParamsFile = "params.yaml";

    /// <summary>The flattened params, as text (Python's spelling, as params files and DVC's tables show them).</summary>
    public static SortedDictionary<string, string> Params(MlRepository repo, DeclaredFiles declared)
    {
        var files = declared.Params.Count > 0 || declared.PipelineFile is not null
            ? declared.Params
            : [new ParamDependency(DefaultParamsFile, [])];
        var values = ValueFiles.Read(new WorkspaceFiles(repo.WorkTree, repo.Store), files, ValueKind.Params);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, keys) in values.Files)
        {
            foreach (var (key, value) in keys)
            {
                result[Named(file, key)] = ValueText.Format(value);
            }
        }
        return result;
    }

    /// <summary>The numeric values of the pipeline's metrics files as they are now; values that are not numbers are left out.</summary>
    public static Dictionary<string, double> MetricsFiles(MlRepository repo, DeclaredFiles declared, ICollection<string> warnings)
    {
        var files = declared.Metrics.Select(m => new ParamDependency(m, [])).ToList();
        var values = ValueFiles.Read(new WorkspaceFiles(repo.WorkTree, repo.Store), files, ValueKind.Metrics);
        foreach (string problem in values.Problems)
        {
            warnings.Add(problem);
        }
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (_, keys) in values.Files)
        {
            foreach (var (key, value) in keys)
            {
                if (value is JsonValue && GitMl.Core.Params.ParamValues.TryGetDouble(value, out double number))
                {
                    result.TryAdd(key, number);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The data a run depends on: with a lock file, every dependency it records (path and sha256; a directory by its
    /// manifest's oid); without one, every git-ml-tracked file in the index, since any of them may have been read.
    /// </summary>
    public static List<RunFile> Lineage(MlRepository repo, LockFile? lockFile)
    {
        if (lockFile is not null && lockFile.Stages.Count > 0)
        {
            return lockFile.Stages.Values
                .SelectMany(s => s.Deps)
                .Select(d => ToFile(d))
                .OfType<RunFile>()
                .DistinctBy(f => f.Path)
                .ToList();
        }
        return TrackedFile.FromIndex(repo).Select(f => new RunFile(f.Path, f.Pointer.Oid, f.Pointer.Size)).ToList();
    }

    /// <summary>The outputs a lock file records for the stages that ran (all stages when <paramref name="stages"/> is null).</summary>
    public static List<RunFile> Outputs(LockFile lockFile, IReadOnlyCollection<string>? stages) =>
        lockFile.Stages
            .Where(s => stages is null || stages.Contains(s.Key))
            .SelectMany(s => s.Value.Outs)
            .Select(o => ToFile(o))
            .OfType<RunFile>()
            .DistinctBy(f => f.Path)
            .ToList();

    private static RunFile? ToFile(LockedPath path)
    {
        if (path.HashKind != "sha256")
        {
            return null; // DVC's md5, or an external dependency's ETag: not an object of the store.
        }
        string hex = path.IsDirectory ? path.Hash[..^".dir".Length] : path.Hash;
        return ObjectId.TryParse(hex, out var oid) ? new RunFile(path.Path, oid.Value, path.Size) : null;
    }

    private static string Named(string file, string key) => file == DefaultParamsFile ? key : $"{file}:{key}";
}
