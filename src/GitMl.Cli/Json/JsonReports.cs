using GitMl.Core.Install;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Json;

// The shapes `--json` prints. They are a contract with users' scripts: add fields, never rename or remove them.

/// <summary>`git ml version --json`.</summary>
public sealed record VersionJson(string Version, string Runtime, string Os);

public sealed record InstallChangeJson(string Action, string Subject, string? Detail)
{
    public static InstallChangeJson From(InstallChange change) => new(change.Action.ToString(), change.Subject, change.Detail);
}

public sealed record InstallReportJson(string Scope, bool Changed, IReadOnlyList<InstallChangeJson> Changes);

public sealed record InitReportJson(bool Gitignore, bool Gitattributes, IReadOnlyList<InstallChangeJson> Install);

public sealed record TrackedPatternJson(string Pattern, string Source);

public sealed record TrackReportJson(IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyTracked, IReadOnlyList<string> NeedRestaging);

public sealed record UntrackReportJson(IReadOnlyList<string> Removed, IReadOnlyList<string> NotTracked);

public sealed record TrackedFileJson(string Path, string Oid, string ShortOid, long Size, bool Present)
{
    public static TrackedFileJson From(TrackedFile file) =>
        new(file.Path, file.Pointer.Oid.Hex, file.Pointer.Oid.Short, file.Pointer.Size, file.Present);
}

public sealed record AddReportJson(IReadOnlyList<string> NewPatterns, IReadOnlyList<TrackedFileJson> Files);

/// <param name="Endpoint">Where requests go (null when the remote's settings are invalid).</param>
/// <param name="Trust">no-credentials, provider, own-config, approved, not-approved, plain-http, credential-elsewhere, committed-credential or invalid.</param>
/// <param name="Usable">Whether git-ml may use it with this user's credentials now.</param>
public sealed record RemoteJson(string Name, string Url, bool IsDefault, string? Endpoint, string Trust, bool Usable);

public sealed record TransferFailureJson(string Key, string Message);

public sealed record MissingObjectJson(string Path, string Oid);

public sealed record PushReportJson(string Remote, int Uploaded, int Skipped, long Bytes, IReadOnlyList<TransferFailureJson> Failures, IReadOnlyList<MissingObjectJson> MissingLocally)
{
    public static PushReportJson From(Core.Remotes.DataRemote remote, Core.Transfer.DataTransfer.PushResult result) => new(
        remote.Name, result.Report.Transferred, result.Report.Skipped, result.Report.Bytes,
        result.Report.Failures.Select(f => new TransferFailureJson(f.Key, f.Message)).ToList(),
        result.MissingLocally.Select(m => new MissingObjectJson(m.Path, m.Oid.Hex)).ToList());
}

public sealed record FetchReportJson(string Remote, int Downloaded, int AlreadyPresent, long Bytes, IReadOnlyList<TransferFailureJson> Failures, int? Materialized)
{
    public static FetchReportJson From(Core.Remotes.DataRemote remote, Core.Transfer.DataTransfer.FetchResult result, int? materialized) => new(
        remote.Name, result.Report.Transferred, result.AlreadyPresent, result.Report.Bytes,
        result.Report.Failures.Select(f => new TransferFailureJson(f.Key, f.Message)).ToList(), materialized);
}

public sealed record StatusEntryJson(string Path, string Oid, long Size, bool Present, bool Modified, bool Staged, bool? Pushed)
{
    public static StatusEntryJson From(Core.Tracking.DataStatus.Entry e) => new(e.Path, e.Pointer.Oid.Hex, e.Pointer.Size, e.Present, e.Modified, e.Staged, e.Pushed);
}

/// <param name="Pipeline">Each pipeline stage's state (null without a pipeline).</param>
/// <param name="PipelineError">Why the pipeline file could not be read, when it could not.</param>
public sealed record StatusReportJson(string? Remote, IReadOnlyList<StatusEntryJson> Files, IReadOnlyList<StageResultJson>? Pipeline, string? PipelineError);

public sealed record FsckProblemJson(string Object, string Problem);

public sealed record FsckPartJson(int Checked, IReadOnlyList<FsckProblemJson> Problems)
{
    public static FsckPartJson From(Core.Maintenance.StoreCheck.Result result) => new(result.Checked, result.Problems.Select(p => new FsckProblemJson(p.Object, p.Problem)).ToList());
}

public sealed record FsckReportJson(FsckPartJson Local, string? Remote, FsckPartJson? RemoteResult);

/// <param name="Kept">Objects kept because something refers to them.</param>
/// <param name="Recent">Objects nothing refers to, kept because they were stored within the grace period.</param>
/// <param name="TemporaryFiles">Leftover temporary files of killed commands removed (or, in a dry run, to remove).</param>
public sealed record GcReportJson(string Store, bool Deleted, int Kept, long Bytes, IReadOnlyList<string> Objects, int Recent, int TemporaryFiles);

/// <summary>`git ml import-url --json` and `git ml update --json`: each import's stage, path, source, and what repro did.</summary>
public sealed record UrlImportJson(string Stage, string Path, string Url, string PipelineFile, bool Added, IReadOnlyList<StageResultJson> Stages);

public sealed record StageResultJson(string Stage, string Outcome, IReadOnlyList<string> Reasons, string? Error)
{
    public static StageResultJson From(Core.Pipelines.Repro.StageResult r) => new(r.Stage, r.Outcome.ToString(), r.Reasons, r.Error);
}

public sealed record ImportedPathJson(string Path, string RecordedIn, string State, string Oid, long Size, int? Files);

public sealed record MissingPathJson(string Path, string RecordedIn, string Md5, string State);

public sealed record DvcRemoteJson(string Name, string DvcUrl, string? Url, bool IsDefault);

public sealed record DvcImportReportJson(
    bool DryRun,
    IReadOnlyList<ImportedPathJson> Imported,
    IReadOnlyList<MissingPathJson> Missing,
    IReadOnlyList<string> RemovedDvcFiles,
    IReadOnlyList<string> KeptDvcFiles,
    IReadOnlyList<string> EditedGitIgnores,
    string? LockFile,
    int LockEntriesConverted,
    IReadOnlyList<string> Staged,
    IReadOnlyList<DvcRemoteJson> Remotes,
    IReadOnlyList<string> Notes)
{
    public static DvcImportReportJson From(Core.Import.DvcImportReport r) => new(
        r.DryRun,
        r.Imported.DistinctBy(i => i.Path).Select(i => new ImportedPathJson(i.Path, i.RecordedIn, i.State.ToString(), i.Sha256, i.Size, i.FileCount)).ToList(),
        r.Missing.Select(m => new MissingPathJson(m.Path, m.RecordedIn, m.Md5, m.State.ToString())).ToList(),
        r.RemovedDvcFiles, r.KeptDvcFiles, r.EditedGitIgnores, r.LockFile, r.LockEntriesConverted, r.Staged,
        r.Config.Remotes.Select(x => new DvcRemoteJson(x.Name, x.Url, Core.Import.DvcConfig.GitMlUrl(x), x.Name == r.Config.DefaultRemote)).ToList(),
        r.Notes);
}

public sealed record RunFileJson(string Path, string Oid, long Size);

public sealed record MetricPointJson(long Step, double Value, long Timestamp);

/// <summary>A metric of a run; <see cref="History"/> holds every logged value (null with --no-history, or when the series is in an object this clone lacks).</summary>
public sealed record RunMetricJson(string Name, double Value, long Step, long Count, string? HistoryOid, IReadOnlyList<MetricPointJson>? History);

public sealed record RunJson(
    string Id, string Name, string Status, string User, string Host, string Start, string End, long DurationMs, int? ExitCode,
    IReadOnlyList<string> Command, string Commit, string AttachedTo, string? Branch, bool Dirty, string? DiffSha256,
    IReadOnlyDictionary<string, string> Params, IReadOnlyList<RunMetricJson> Metrics, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<RunFileJson> Data, IReadOnlyList<RunFileJson> Outputs, string? Parent, string GitMlVersion, string Os, bool Deleted)
{
    public static RunJson From(GitMl.Core.Runs.RunRecord run, Func<GitMl.Core.Runs.RunMetric, IReadOnlyList<GitMl.Core.Runs.MetricPoint>?> history) => new(
        run.Id.Hex, run.Name, run.Status, run.User, run.Host,
        GitMl.Core.Runs.RunNoteFormat.Time(run.Start), GitMl.Core.Runs.RunNoteFormat.Time(run.End), (long)run.Duration.TotalMilliseconds, run.ExitCode,
        run.Command, run.Commit, run.AttachedTo, run.Branch, run.Dirty, run.DiffSha256,
        run.Params, run.Metrics.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new RunMetricJson(m.Name, m.Value, m.Step, m.Count, m.HistoryOid?.Hex,
            history(m)?.Select(p => new MetricPointJson(p.Step, p.Value, p.TimestampMs)).ToList())).ToList(),
        run.Tags, Files(run.Data), Files(run.Outputs), run.Parent?.Hex, run.GitMlVersion, run.Os, run.Deleted);

    private static List<RunFileJson> Files(IEnumerable<GitMl.Core.Runs.RunFile> files) => files.Select(f => new RunFileJson(f.Path, f.Oid.Hex, f.Size)).ToList();
}
