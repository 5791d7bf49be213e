namespace GitMl.Core.Pipelines;

/// <summary>What kind of output a stage declares.</summary>
public enum OutputKind
{
    Out,
    Metric,
    Plot,
}

/// <summary>
/// An output of a stage: a file or a directory it produces.
/// </summary>
/// <param name="Cache">Stored by git-ml (true, the default) or committed to plain Git (cache: false, e.g. small metrics files).</param>
/// <param name="Persist">Kept, not deleted, before the stage runs again.</param>
public sealed record OutputSpec(string Path, OutputKind Kind, bool Cache, bool Persist, string? Description);
