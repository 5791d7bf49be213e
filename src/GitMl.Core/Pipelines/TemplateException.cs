namespace GitMl.Core.Pipelines;

/// <summary>
/// A ${...} or vars problem found while expanding a pipeline. The parser adds the file, the line and the stage and
/// rethrows it as a <see cref="PipelineFormatException"/>.
/// </summary>
internal sealed class TemplateException(string problem, int? line = null) : Exception(problem)
{
    public int? Line { get; } = line;
}
