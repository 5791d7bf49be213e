namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Where a stage's paths are. A pipeline file names them relative to its own folder and the stage's wdir (as DVC
/// does, and as the lock file records them); git-ml reads and writes them relative to the top of the working tree.
/// </summary>
public sealed class StagePaths(PipelineSpec pipeline, StageSpec stage)
{
    /// <summary>The folder the stage's commands run in, relative to the top of the working tree ("." for the top).</summary>
    public string WorkingDirectory { get; } = PipelinePaths.Join(PipelinePaths.Directory(pipeline.FilePath), stage.WorkingDirectory);

    /// <summary>A path as written in the pipeline file, relative to the top of the working tree.</summary>
    /// <exception cref="PipelineFormatException">The path leads outside the working tree.</exception>
    public string Resolve(string path)
    {
        string resolved = PipelinePaths.Join(WorkingDirectory, path);
        return resolved.StartsWith("../", StringComparison.Ordinal) || resolved == ".." || resolved.StartsWith('/')
            ? throw new PipelineFormatException(pipeline.FilePath, stage.Line, $"stage {stage.Name}: '{path}' is outside the working tree")
            : resolved;
    }

    /// <summary>A path as the lock file records it: as written, normalised.</summary>
    public static string Normalize(string path) => PipelinePaths.Normalize(path);
}
