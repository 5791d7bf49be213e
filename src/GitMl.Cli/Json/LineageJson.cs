using GitMl.Core.Lineage;

namespace GitMl.Cli.Json;

// `git ml lineage --json`, `git ml data approved --json`: contracts with scripts (add fields, never rename or remove).

public sealed record LineageModelJson(string Name, int Version, string Uri, string Oid, long Size, string Path, string User, string Registered, string Message, IReadOnlyList<string> Stages);

public sealed record LineageRunJson(string Id, string? Name, string? Status, string? Start, string? User, bool Dirty);

public sealed record LineageFileJson(string Path, string Oid, long Size, bool Approved);

public sealed record LineageJson(
    LineageModelJson? Model, LineageRunJson? Run, string? Commit, string? Branch, IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<LineageFileJson> Data, IReadOnlyDictionary<string, double> Metrics, bool AllDataApproved)
{
    public static LineageJson From(LineageReport r) => new(
        r.Model is { } m ? new LineageModelJson(m.Name, m.Version, m.Uri, m.Oid, m.Size, m.Path, m.User, Time(m.Registered), m.Message, m.Stages) : null,
        r.Run is { } run ? new LineageRunJson(run.Id, run.Name, run.Status, run.Start is { } s ? Time(s) : null, run.User, run.Dirty) : null,
        r.Commit, r.Branch, r.Params,
        r.Data.Select(d => new LineageFileJson(d.Path, d.Oid, d.Size, d.Approved)).ToList(),
        r.Metrics,
        r.Data.Count > 0 && r.Unapproved.Count == 0);

    private static string Time(DateTimeOffset t) => GitMl.Core.Runs.RunNoteFormat.Time(t);
}

public sealed record DataApprovalJson(string Oid, string Path, string User, string At, string Message)
{
    public static DataApprovalJson From(DataApproval a) => new(a.Oid.Hex, a.Path, a.User, GitMl.Core.Runs.RunNoteFormat.Time(a.At), a.Message);
}
