namespace GitMl.Core.Drift;

/// <summary>
/// The comparison of one reference file with one current file. When <see cref="HashesIdentical"/> is true nothing
/// else was read. When <see cref="ColumnsCompared"/> is false the files are not both CSV/TSV and only their hashes
/// were compared; otherwise <see cref="Columns"/> lists the reference's columns in order, then the columns only the
/// current file has.
/// </summary>
/// <param name="Reference">The reference's display name.</param>
/// <param name="Current">The current data's display name.</param>
/// <param name="ReferenceSha256">The reference content's sha256 (lowercase hex).</param>
/// <param name="CurrentSha256">The current content's sha256 (lowercase hex).</param>
/// <param name="HashesIdentical">Both contents are byte for byte the same.</param>
/// <param name="ColumnsCompared">Per-column statistics were computed.</param>
/// <param name="Drifted">Whether this file counts as drift.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ReferenceRows">Data rows of the reference (header excluded), when read.</param>
/// <param name="CurrentRows">Data rows of the current data, when read.</param>
/// <param name="Columns">Per-column comparisons; empty when not compared.</param>
public sealed record FileDrift(
    string Reference,
    string Current,
    string ReferenceSha256,
    string CurrentSha256,
    bool HashesIdentical,
    bool ColumnsCompared,
    bool Drifted,
    string Reason,
    long? ReferenceRows,
    long? CurrentRows,
    IReadOnlyList<ColumnDrift> Columns);
