using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// An MLflow run as a git-ml run record, keeping what MLflow recorded: the run id, name, user, status, start and end
/// time, every param and tag (the experiment added as the tags <see cref="Runs.MlflowRunInfo.ExperimentIdTag"/> and
/// <see cref="Runs.MlflowRunInfo.ExperimentNameTag"/>), every metric's whole series with MLflow's rule for its value,
/// the artifacts as outputs, and the parent run. What git-ml records and MLflow does not (host, command, OS, data
/// lineage) is left empty.
/// </summary>
internal static class MlflowRunMapping
{
    public const string RunNameTag = "mlflow.runName";
    public const string UserTag = "mlflow.user";
    public const string CommitTag = "mlflow.source.git.commit";
    public const string BranchTag = "mlflow.source.git.branch";
    public const string ParentTag = "mlflow.parentRunId";

    // DateTimeOffset's range in Unix milliseconds (years 1 to 9999): a time outside it is refused, not thrown on.
    private const long EarliestMs = -62_135_596_800_000;
    private const long LatestMs = 253_402_300_799_999;

    /// <param name="commit">The commit the run is attached to (its own, or the import's fallback).</param>
    /// <param name="store">Where a series longer than a note holds goes (<see cref="MetricHistory"/>).</param>
    public static RunRecord ToRecord(MlflowRunMeta meta, MlflowRunData data, IReadOnlyList<RunFile> outputs, string commit, string gitMlVersion, ObjectStore store, List<MlflowProblem> problems)
    {
        var tags = new Dictionary<string, string>(data.Tags, StringComparer.Ordinal)
        {
            [Runs.MlflowRunInfo.ExperimentIdTag] = meta.Experiment.Id,
            [Runs.MlflowRunInfo.ExperimentNameTag] = meta.Experiment.Name,
        };
        var ended = Time(meta.EndMs, meta, "end_time", problems);
        var start = Time(meta.StartMs, meta, "start_time", problems) ?? ended ?? DateTimeOffset.UnixEpoch;
        var end = ended ?? start;
        var metrics = data.Metrics
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => MetricHistory.Summarize(m.Key, m.Value, MlflowMetricLine.Latest(m.Value), store))
            .ToList();
        return new RunRecord(
            RunId.Parse(meta.Id),
            NonEmpty(meta.Name) ?? NonEmpty(data.Tags.GetValueOrDefault(RunNameTag)) ?? meta.Id,
            meta.Status,
            NonEmpty(meta.User) ?? data.Tags.GetValueOrDefault(UserTag) ?? "",
            "",
            start,
            end,
            null,
            [],
            commit,
            NonEmpty(data.Tags.GetValueOrDefault(BranchTag)),
            false,
            null,
            data.Params,
            metrics,
            tags,
            [],
            outputs,
            RunId.TryParse(data.Tags.GetValueOrDefault(ParentTag), out var parent) ? parent : null,
            gitMlVersion,
            "");
    }

    /// <summary>A time MLflow recorded, or null when it did not (or recorded one no calendar holds, which is reported).</summary>
    public static DateTimeOffset? Time(long? milliseconds, MlflowRunMeta meta, string field, List<MlflowProblem> problems)
    {
        if (milliseconds is not { } ms)
        {
            return null;
        }
        if (ms is < EarliestMs or > LatestMs)
        {
            problems.Add(new MlflowProblem(meta.Folder + "/meta.yaml", $"has {field} {ms}, which is not a time; it was left out"));
            return null;
        }
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
