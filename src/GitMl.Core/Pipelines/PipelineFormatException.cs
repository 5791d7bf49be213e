namespace GitMl.Core.Pipelines;

/// <summary>
/// A pipeline or params file is not valid. The message names the file, the line (when known) and what to do;
/// nothing has been run or written.
/// </summary>
public sealed class PipelineFormatException(string file, int? line, string problem)
    : FormatException(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}")
{
    public string File { get; } = file;

    public int? Line { get; } = line;

    public string Problem { get; } = problem;
}
