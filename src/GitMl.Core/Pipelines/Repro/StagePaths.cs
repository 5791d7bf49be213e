namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Where a stage's paths are. A pipeline file names them relative to its own folder and the stage's wdir (as DVC
/// does, and as the lock file records them); git-ml reads and writes them relative to the top of the working tree.
/// </summary>
public sealed class StagePaths(PipelineSpec pipeline, StageSpec stage)
{
    /// <summary>The folder the stage's commands run in, relative to the top of the working tree ("" for the top).</summary>
    public string WorkingDirectory => Normalize(Path.Combine(Path.GetDirectoryName(pipeline.FilePath) ?? "", stage.WorkingDirectory));

    /// <summary>A path as written in the pipeline file, relative to the top of the working tree.</summary>
    public string Resolve(string path) => Normalize(Path.Combine(WorkingDirectory, path));

    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        if (parts.Count > 0 && parts[0] == "..")
        {
            throw new PipelineFormatException(path, null, $"'{path}' is outside the working tree");
        }
        return string.Join('/', parts);
    }
}
