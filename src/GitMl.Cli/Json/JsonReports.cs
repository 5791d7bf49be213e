using GitMl.Core.Install;
using GitMl.Core.Tracking;

namespace GitMl.Cli.Json;

// The shapes `--json` prints. They are a contract with users' scripts: add fields, never rename or remove them.

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
