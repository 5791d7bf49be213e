using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Sharing;

/// <summary>
/// Tells a long-running reader (the server) whether a shared ref may have moved since it last resolved it, without
/// starting git: git keeps a ref shared by all worktrees as a loose file under the common directory, in
/// <c>packed-refs</c>, or in a reftable whose <c>tables.list</c> it replaces on every update, and every update
/// writes one of them through a lock file renamed into place (a new inode, size, mtime or ctime). While the stamps
/// of those three files are unchanged the ref is where it was.
/// </summary>
/// <remarks>
/// File times have the kernel's coarse clock (a few milliseconds), and a freed inode number can come back: two
/// updates within one tick could leave a file with the stamp it had. A stamp is therefore trusted only once every
/// file in it is at least <see cref="SettleTime"/> old (git's own "racily clean" rule for its index); until then
/// the caller resolves the ref every time, as it would with no watch.
/// </remarks>
public sealed class SharedRefWatch(string commonDirectory, string refName)
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly string[] _files =
    [
        Path.Combine(commonDirectory, refName),
        Path.Combine(commonDirectory, "packed-refs"),
        Path.Combine(commonDirectory, "reftable", "tables.list"),
    ];

    /// <summary>The files' stamps now: take it before resolving the ref, and keep it with what was resolved.</summary>
    public Stamp Take(DateTime? nowUtc = null)
    {
        var stamps = new FileStamp?[_files.Length];
        DateTime now = nowUtc ?? DateTime.UtcNow;
        bool settled = true;
        for (int i = 0; i < _files.Length; i++)
        {
            stamps[i] = FileStamp.Of(_files[i]);
            if (stamps[i] is { } s && now - s.LastChangeUtc < SettleTime)
            {
                settled = false;
            }
        }
        return new Stamp(stamps, settled);
    }

    /// <summary>The stamps of the ref's files at one moment, and whether they were old enough to be trusted.</summary>
    public sealed class Stamp
    {
        private readonly FileStamp?[] _files;

        internal Stamp(FileStamp?[] files, bool settled)
        {
            _files = files;
            Settled = settled;
        }

        public bool Settled { get; }

        /// <summary>True when the ref cannot have moved between <paramref name="earlier"/> and this stamp.</summary>
        public bool Unchanged(Stamp? earlier) => earlier is not null && earlier.Settled && Settled && _files.SequenceEqual(earlier._files);
    }
}
