using GitMl.Core.Locks;

namespace GitMl.Core.Import;

/// <summary>
/// A parsed .dvc file: the outputs it tracks. Each output is a <see cref="LockedPath"/> (the same entry shape as
/// dvc.lock's) whose path is relative to the top of the working tree, its hash an md5 (a directory's ends in
/// ".dir") or empty when DVC recorded none.
/// </summary>
/// <param name="Path">The .dvc file, relative to the top of the working tree.</param>
/// <param name="ImportedFrom">Set when the file came from `dvc import` or `dvc import-url` (it has deps): git-ml takes its data, not the link to update it.</param>
public sealed record DvcFile(string Path, IReadOnlyList<LockedPath> Outs, string? ImportedFrom)
{
    /// <summary>True for an output DVC keeps in its cache (the default); `cache: false` outputs are plain Git files.</summary>
    public static bool IsCached(LockedPath output) => output.Extra.GetValueOrDefault("cache") != "false";
}
