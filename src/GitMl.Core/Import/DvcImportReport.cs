namespace GitMl.Core.Import;

/// <summary>What `git ml import dvc` did (or, in a dry run, would do).</summary>
/// <param name="Imported">Data now tracked by git-ml and staged.</param>
/// <param name="Missing">Recorded data found neither in the working tree nor in DVC's cache; left as DVC had it.</param>
/// <param name="RemovedDvcFiles">.dvc files replaced by git-ml tracking (removed from the working tree and the index).</param>
/// <param name="KeptDvcFiles">.dvc files kept because some of their data is missing.</param>
/// <param name="LockFile">The lock file written with SHA-256 entries (relative to the top), or null when none was converted.</param>
/// <param name="Staged">Everything the import staged, for the commit that follows.</param>
public sealed record DvcImportReport(
    bool DryRun,
    IReadOnlyList<ImportedPath> Imported,
    IReadOnlyList<MissingPath> Missing,
    IReadOnlyList<string> RemovedDvcFiles,
    IReadOnlyList<string> KeptDvcFiles,
    IReadOnlyList<string> EditedGitIgnores,
    string? LockFile,
    int LockEntriesConverted,
    IReadOnlyList<string> Staged,
    DvcConfig Config,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when there was nothing left to import (a second run is a no-op).</summary>
    public bool NothingDone => Imported.Count == 0 && RemovedDvcFiles.Count == 0 && LockEntriesConverted == 0 && EditedGitIgnores.Count == 0;
}

/// <param name="RecordedIn">The .dvc file, or the lock file and stage, that recorded the path.</param>
public sealed record ImportedPath(string Path, string RecordedIn, DataState State, string Sha256, long Size, int? FileCount);

public sealed record MissingPath(string Path, string RecordedIn, string Md5, DataState State);
