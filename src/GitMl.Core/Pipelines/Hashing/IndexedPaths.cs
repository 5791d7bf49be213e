using System.Buffers;
using System.Text.Unicode;
using GitMl.Core.Tracking;
using GitMl.Git;
using GitMl.Storage.IO;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// The hash of a folder git tracks whole, answered from the <see cref="FolderCache"/> without a stat of each file:
/// `git status` has just compared every tracked file with the stat data the index recorded for it, so a no-op
/// `git ml status` over a folder of 10,000 files need not stat them again. The folder cache's record of the folder (the
/// stamps its last walk saw, each file changed at least two seconds before that walk, and the hash it then computed)
/// answers when:
/// - the index recorded for every file exactly the stamp the record holds (times to the nanosecond, inode, device and
///   size): the file had not changed between git's look at it and the record's walk;
/// - `git status` calls every one of them unmodified. Git compares whole seconds of the times (git built without
///   USE_NSEC), which is enough here: a change after the record's walk gives the file a change time at least two seconds
///   later than the one recorded, and nothing can set a change time back. So a file rewritten in place with its size
///   and mtime restored, renamed over, or replaced by a link is seen, whenever it happened;
/// - the folder holds exactly the index's files under it and nothing else (listed by name and type, no stat): a file
///   added, ignored, deleted, or a link or special file in it makes it answer nothing.
/// Answers nothing (the caller walks the folder as before) wherever git's "unmodified" does not come from looking at the
/// file: an entry marked assume-unchanged or skip-worktree, core.fsmonitor or core.ignoreStat set, core.trustctime off
/// or core.checkStat minimal; nor when the index changed between the two git commands that read it
/// (<see cref="IndexSnapshot.IsUnchangedSince"/>); nor for unmerged entries, links, submodules, or names that are not
/// valid UTF-8. Nothing is remembered here: every answer rests on this command's git status and the folder cache's
/// record. Only for read-only commands (status): a stage that rewrites a path makes git's answer stale.
/// </summary>
public sealed class IndexedPaths(MlRepository repo, IndexSnapshot index)
{
    private readonly Lazy<bool> _gitLooks = new(() => GitLooksAtEveryFile(repo.UserConfig), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Whether git's settings leave its "unmodified" to a comparison of each file's stat data with the index, change time
    /// and inode included: nothing that tells git to skip files or to trust an outside monitor.
    /// </summary>
    private static bool GitLooksAtEveryFile(GitConfig config) =>
        UnsetOr(config, "core.trustctime", v => GitConfig.ParseBool(v) == true)
        && UnsetOr(config, "core.checkstat", v => v.Trim().Equals("default", StringComparison.OrdinalIgnoreCase))
        && UnsetOr(config, "core.fsmonitor", v => GitConfig.ParseBool(v) == false)
        && UnsetOr(config, "core.ignorestat", v => GitConfig.ParseBool(v) == false);

    private static bool UnsetOr(GitConfig config, string key, Func<string, bool> safe) => config.Get(key) is not { } value || safe(value);

    /// <summary>The folder's hash as the folder cache remembered it, when git vouches for every file in it (see the class summary); or null.</summary>
    /// <param name="relativeFolder">Relative to the top of the working tree, '/'-separated, without a trailing '/'.</param>
    public HashedPath? Folder(string relativeFolder, FolderCache folders)
    {
        if (relativeFolder.Length == 0 || !_gitLooks.Value)
        {
            return null;
        }
        var entries = index.Entries;
        var unstaged = index.WorkTreeChanges.Unstaged;
        // Asked after both git commands ran: they read one and the same index.
        if (!index.IsUnchangedSince())
        {
            return null;
        }
        string prefix = relativeFolder + "/";
        // Counted first, so the lookup is made at its size once (growing it to 10,000 files copied it a dozen times).
        int count = 0;
        foreach (var entry in entries)
        {
            if (!entry.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (entry.Stage != 0 || !entry.IsRegularFile || entry.StatusUnchecked || entry.RawPath is not null || entry.Recorded is null
                || unstaged.Contains(entry.Path))
            {
                return null;
            }
            count++;
        }
        if (count == 0)
        {
            return null;
        }
        // Each path's position in the index (its stat data stays there: a copy per file made the lookup twice the size).
        var recorded = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                recorded[entries[i].Path] = i;
            }
        }
        // Every file of the record must be one of the index's files under the folder, with the stamp git recorded; and
        // the record holds as many files as the index has there (so the listing, which must be the record's, is the index's).
        var lookup = recorded.GetAlternateLookup<ReadOnlySpan<char>>();
        char[] path = ArrayPool<char>.Shared.Rent(prefix.Length + 4096);
        try
        {
            prefix.CopyTo(path);
            int vouched = 0;
            var hashed = folders.LookupVouched(relativeFolder, Path.Combine(repo.WorkTree, relativeFolder), (relative, seen) =>
            {
                // Strict UTF-8: a name git would not have written as this string is not one of the index's files.
                vouched++;
                return Utf8.ToUtf16(relative, path.AsSpan(prefix.Length), out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
                    && lookup.TryGetValue(path.AsSpan(0, prefix.Length + written), out int at) && IsAsRecorded(entries[at].Recorded!.Value, seen);
            });
            return hashed is not null && vouched == recorded.Count ? hashed : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(path);
        }
    }

    /// <summary>Whether the stamp a walk saw is the stat data the index recorded (which keeps the low 32 bits of device, inode and size).</summary>
    private static bool IsAsRecorded(IndexStat recorded, NativeStat seen) =>
        recorded.CtimeNs == seen.CtimeNs && recorded.MtimeNs == seen.MtimeNs && recorded.Size == (uint)seen.Size
        && recorded.Inode == (uint)seen.Inode && recorded.Device == (uint)DeviceNumber(seen.Device);

    /// <summary>
    /// The st_dev number git stores, from the device a walk records (statx's major and minor, as major &lt;&lt; 32 | minor):
    /// glibc's encoding (gnu_dev_makedev).
    /// </summary>
    private static ulong DeviceNumber(ulong device)
    {
        ulong major = device >> 32;
        ulong minor = device & 0xffff_ffff;
        return ((major & 0xfff) << 8) | ((major & ~0xfffUL) << 32) | (minor & 0xff) | ((minor & ~0xffUL) << 12);
    }
}
