using GitMl.Core.Objects;

namespace GitMl.Core.Runs;

/// <summary>
/// A metric of a run: its last value (the one with the highest step; the latest logged among equal steps), how many
/// values were logged, and the whole series: inline when short (<see cref="InlinePoints"/>), otherwise as an object in
/// the store (<see cref="HistoryOid"/>) so a note stays small whatever the length of the series.
/// </summary>
public sealed record RunMetric(string Name, double Value, long Step, long Count, IReadOnlyList<MetricPoint>? InlinePoints, ObjectId? HistoryOid)
{
    /// <summary>Series up to this long are kept in the note itself.</summary>
    public const int MaxInlinePoints = 100;
}
