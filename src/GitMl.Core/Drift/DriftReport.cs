namespace GitMl.Core.Drift;

/// <summary>
/// The result of a drift check over one or more file pairs: plain records and lists (no polymorphism, no dictionaries),
/// so it serializes as is with System.Text.Json source generation (<see cref="DriftJsonContext"/>).
/// <see cref="Drifted"/> is true when any file drifted (the command's exit code 1); <see cref="HashesIdentical"/> when
/// every pair had identical content.
/// </summary>
public sealed record DriftReport(bool Drifted, bool HashesIdentical, IReadOnlyList<FileDrift> Files)
{
    /// <summary>A report over the given file comparisons.</summary>
    public static DriftReport Of(IReadOnlyList<FileDrift> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new DriftReport(files.Any(f => f.Drifted), files.Count > 0 && files.All(f => f.HashesIdentical), files);
    }
}
