using System.Runtime.InteropServices;
using System.Security.Cryptography;
using GitMl.Core.Objects;
using GitMl.Git;
using GitMl.Storage.IO;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Hooks;

/// <summary>
/// After a checkout: spares the next `git status` a second clean of every file git just wrote through git-ml's filter.
/// Git writes the index at the end of a checkout, in the same second as most of the files, so it cannot trust their
/// stat data (a change in that second would not show in it: "racily clean") and sends each through the clean filter
/// again at the next refresh, a whole hash and pipe round trip each. Here each such file whose blob is a git-ml pointer
/// is checked once, in process, and its stat data recorded so that git trusts it:
/// <list type="number">
/// <item>it is opened without following links (and no folder on its way is a link), and its stat data must be what
/// git recorded when it wrote it (inode, ctime, mtime), with the pointer's size;</item>
/// <item>its mtime is set one second back (futimens on the open file), so it is older than any index written from now on;</item>
/// <item>its bytes are hashed through the same descriptor and must be the pointer's object;</item>
/// <item>its stat data after the hash must be the same as right after the mtime was set back.</item>
/// </list>
/// Any write to the file after step 2 sets its mtime to the present, which differs from the second-back mtime recorded
/// (step 4 sees it, or git does later); a write before step 2 changed the bytes step 3 hashes. So a file changed since
/// git wrote it, whatever its size and however fast, is never recorded: it stays racily clean and git cleans it again.
/// The index is rewritten by <see cref="IndexStatWriter"/>, which marks every other racily clean entry for git to check.
/// </summary>
public static class RacilyCleanFiles
{
    /// <summary>Checks and records the racily clean git-ml files of the index; returns how many were recorded.</summary>
    public static int Settle(MlRepository repo)
    {
        if (!OperatingSystem.IsLinux() || repo.Layout.WorkTree is not { } top)
        {
            return 0;
        }
        string? format = repo.Config.Get("extensions.objectFormat");
        var racy = IndexStatWriter.RacilyClean(repo.Layout.GitDirectory, format);
        if (racy.Count == 0)
        {
            return 0;
        }
        var pointers = Tracking.TrackedFile.IndexPointers(repo, racy.Select(e => e.Oid));
        // Each file is checked on its own (a few stats, a hash): on two cores, while git waits for the hook.
        var stats = new IndexStatData?[racy.Count];
        IO.TwoCores.For(racy.Count, 256, (start, end) =>
        {
            var realFolders = new HashSet<string>(StringComparer.Ordinal);
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                for (int i = start; i < end; i++)
                {
                    if (pointers.TryGetValue(racy[i].Oid, out var pointer) && pointer.Size > 0)
                    {
                        stats[i] = Check(top, racy[i], pointer, realFolders, buffer);
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        var settled = new Dictionary<string, (string Oid, IndexStatData Stat)>(StringComparer.Ordinal);
        for (int i = 0; i < racy.Count; i++)
        {
            if (stats[i] is { } stat)
            {
                settled[racy[i].Path] = (racy[i].Oid, stat);
            }
        }
        return settled.Count > 0 && IndexStatWriter.TryRecord(repo.Layout.GitDirectory, settled, format) ? settled.Count : 0;
    }

    /// <summary>The stat data to record for the entry's file, or null when it is not certainly the pointer's object
    /// as git wrote it (see the class summary for the steps and why they are enough).</summary>
    private static IndexStatData? Check(string top, IndexStatWriter.RecordedEntry entry, Pointer pointer, HashSet<string> realFolders, byte[] buffer)
    {
        try
        {
            WorktreeFiles.CheckNoLink(top, entry.Path, includeLast: false, writing: true, realFolders);
            using var file = RegularFile.OpenRead(Path.Combine(top, entry.Path), bufferSize: 0);
            var handle = file.SafeFileHandle;
            if (OpenFileStamp.ForIndex(handle) is not { } before || before.Stamp.Size != pointer.Size
                || !IndexStatWriter.SameAsRecorded(entry.Stat, before.Index) || (entry.Stat.Size != 0 && entry.Stat.Size != pointer.Size))
            {
                return null;
            }
            long secondBack = before.Stamp.MtimeNs - 1_000_000_000;
            if (!SetMtime(handle, secondBack))
            {
                return null; // Not the file's owner, say: git checks it as before.
            }
            if (OpenFileStamp.ForIndex(handle) is not { } dated || dated.Stamp.MtimeNs != secondBack)
            {
                return null;
            }
            bool same = HashOf(handle, pointer.Size, buffer) is { } oid && oid.Equals(pointer.Oid);
            if (OpenFileStamp.ForIndex(handle) is not { } after || after.Stamp != dated.Stamp)
            {
                return null;
            }
            if (!same)
            {
                // Changed before it was opened here: its mtime goes back to what it was (its ctime cannot).
                SetMtime(handle, before.Stamp.MtimeNs);
                return null;
            }
            return after.Index;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WorktreeLinkException or SpecialFileException or ExternalException)
        {
            return null; // Gone, replaced by something else, unreadable: git checks it as before.
        }
    }

    /// <summary>The SHA-256 of the open file's bytes, read from its start; null when there are not exactly <paramref name="size"/> of them.</summary>
    private static ObjectId? HashOf(SafeFileHandle handle, long size, byte[] buffer)
    {
        long offset = 0;
        if (size <= buffer.Length)
        {
            // One read and a one-shot hash: most files a checkout writes are small.
            int n;
            while (offset < buffer.Length && (n = RandomAccess.Read(handle, buffer.AsSpan((int)offset), offset)) > 0)
            {
                offset += n;
            }
            return offset == size ? ObjectId.FromHash(SHA256.HashData(buffer.AsSpan(0, (int)offset))) : null;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            offset += read;
            if (offset > size)
            {
                return null;
            }
        }
        return offset == size ? ObjectId.FromHash(hash.GetHashAndReset()) : null;
    }

    private static bool SetMtime(SafeFileHandle handle, long mtimeNs) =>
        Libc.Futimens(handle, [0, Libc.TimeOmit, mtimeNs / 1_000_000_000, mtimeNs % 1_000_000_000]) == 0;
}
