namespace GitMl.Core.Pipelines;

/// <summary>
/// <paramref name="To"/> depends on what <paramref name="From"/> produces: each of <paramref name="Paths"/> (a
/// dependency of To, relative to the top of the working tree) is an output of From, inside one, or holds one.
/// </summary>
public sealed record PipelineEdge(string From, string To, IReadOnlyList<string> Paths);
