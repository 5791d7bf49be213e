using System.Text;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;

namespace GitMl.Core.Metrics;

/// <summary>
/// The metrics and params files a pipeline declares, with paths relative to the top of the working tree: stages'
/// `metrics` outputs and the top-level `metrics` list; stages' `params` (by file, with the keys they use; an empty
/// key list is the whole file) and the top-level `params` list.
/// </summary>
public sealed record DeclaredFiles(string? PipelineFile, IReadOnlyList<string> Metrics, IReadOnlyList<ParamDependency> Params)
{
    /// <summary>No pipeline: nothing declared.</summary>
    public static DeclaredFiles None { get; } = new(null, [], []);

    /// <summary>What <paramref name="spec"/> declares (pure).</summary>
    /// <exception cref="PipelineFormatException">A path leads outside the working tree.</exception>
    public static DeclaredFiles From(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string folder = PipelinePaths.Directory(spec.FilePath);
        var metrics = new List<string>();
        var keysByFile = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        foreach (var stage in spec.Stages)
        {
            var paths = new StagePaths(spec, stage);
            metrics.AddRange(stage.Metrics.Select(m => paths.Resolve(m.Path)));
            foreach (var dependency in stage.Params)
            {
                AddKeys(keysByFile, paths.Resolve(dependency.File), dependency.Keys);
            }
        }
        metrics.AddRange(spec.Metrics.Select(m => PipelinePaths.Join(folder, m)));
        foreach (string file in spec.Params)
        {
            AddKeys(keysByFile, PipelinePaths.Join(folder, file), []);
        }
        var parameters = keysByFile.Select(e => new ParamDependency(e.Key, e.Value is null ? [] : [.. e.Value])).ToList();
        return new DeclaredFiles(spec.FilePath, metrics.Distinct(StringComparer.Ordinal).ToList(), parameters);
    }

    /// <summary>What the pipeline (ml.yaml, else dvc.yaml, at the top) declares at a revision; <see cref="None"/> when there is no pipeline there.</summary>
    /// <exception cref="PipelineFormatException">The pipeline at that revision is not valid; the message names the revision.</exception>
    public static DeclaredFiles At(RevisionFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (string name in (string[])[PipelineFiles.MlYaml, PipelineFiles.DvcYaml])
        {
            if (files.Read(name) is not { } bytes)
            {
                continue;
            }
            try
            {
                return From(PipelineParser.Parse(Text(bytes), name, relative => files.Read(PipelinePaths.Normalize(relative)) is { } b ? Text(b) : null));
            }
            catch (PipelineFormatException e) when (files is not WorkspaceFiles)
            {
                throw new PipelineFormatException($"{e.File} at {files.Label}", e.Line, e.Problem);
            }
        }
        return None;
    }

    /// <summary>A file's bytes as text (UTF-8, a byte order mark dropped, as File.ReadAllText does).</summary>
    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');

    /// <summary>Adds keys of a file; null in the map stands for the whole file, which wins over any keys.</summary>
    private static void AddKeys(Dictionary<string, List<string>?> keysByFile, string file, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            keysByFile[file] = null;
            return;
        }
        if (!keysByFile.TryGetValue(file, out var known))
        {
            keysByFile[file] = known = [];
        }
        known?.AddRange(keys.Where(k => !known.Contains(k)));
    }
}
