namespace GitMl.Core.Runs;

/// <summary>One logged value of a metric: its step (0 when not given), value and when it was logged (Unix ms).</summary>
public readonly record struct MetricPoint(long Step, double Value, long TimestampMs);
