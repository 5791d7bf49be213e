using GitMl.Core.Locks;

namespace GitMl.Core.Import;

/// <summary>
/// Turns dvc.lock's md5 entries into git-ml's SHA-256 ones. Pure: the caller says, per entry, what its content
/// hashes to in git-ml's terms, or null when that content could not be found. Found entries become
/// <c>hash: sha256</c> entries; the others keep their md5 (so `git ml repro` sees them as changed, and a later
/// import, after `dvc pull`, can still convert them). Commands, params and unknown keys are kept as they are.
/// </summary>
public static class LockConversion
{
    public sealed record Result(LockFile Lock, int Converted, IReadOnlyList<(string Stage, LockedPath Entry)> Unconverted);

    /// <param name="rehash">(stage name, is an output, entry) to the same entry with git-ml's hash, or null.</param>
    public static Result Convert(LockFile dvcLock, Func<string, bool, LockedPath, LockedPath?> rehash)
    {
        int converted = 0;
        var unconverted = new List<(string, LockedPath)>();
        var stages = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        foreach (var (name, stage) in dvcLock.Stages)
        {
            List<LockedPath> Map(IReadOnlyList<LockedPath> entries, bool isOutput) => [.. entries.Select(entry =>
            {
                if (!NeedsConversion(entry))
                {
                    return entry;
                }
                if (rehash(name, isOutput, entry) is { } done)
                {
                    converted++;
                    return done;
                }
                unconverted.Add((name, entry));
                return entry;
            })];
            stages[name] = stage with { Deps = Map(stage.Deps, false), Outs = Map(stage.Outs, true) };
        }
        return new Result(dvcLock with { Stages = stages }, converted, unconverted);
    }

    /// <summary>An entry with DVC's md5 (with or without the "hash: md5" key); git-ml's entries are "sha256".</summary>
    public static bool NeedsConversion(LockedPath entry) => entry.HashKind is "md5" or LockedPath.Md5Dos2Unix || (entry.HashKind.Length == 0 && entry.Hash.Length > 0);

    /// <summary>The same entry with git-ml's hash of its content.</summary>
    public static LockedPath WithSha256(LockedPath entry, ContentDigest digest) =>
        entry with { HashKind = "sha256", Hash = digest.Sha256, Size = digest.Size, FileCount = digest.FileCount };
}
