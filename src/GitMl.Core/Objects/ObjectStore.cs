using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace GitMl.Core.Objects;

/// <summary>
/// The local content-addressed store: each object lives at <c>objects/ab/cd/&lt;oid&gt;</c> under the store root
/// (<c>.git/ml</c> in the repository's common directory, so worktrees share it).
/// <para>Writing: content is hashed while it streams into a temporary file inside the store, then published
/// under its final name by an atomic rename. A process killed at any point leaves at most a
/// temporary file, never a wrong object under a final name. An object that already exists is success when its
/// size matches (every read verifies the hash), and its time is refreshed, as git freshens an object it would have
/// written again, so gc's grace period protects it until the adder has recorded it; a present object of the wrong
/// size is quarantined and replaced. Objects are created read-only. <see cref="Sync"/> makes everything published so
/// far durable.</para>
/// <para>Reading: <see cref="OpenRead"/> verifies the hash while streaming; a corrupt object is moved to
/// <c>quarantine/</c> and reported with a <see cref="CorruptObjectException"/>.</para>
/// </summary>
public sealed class ObjectStore
{
    /// <summary>Content up to this size is hashed in memory before anything is written, so re-adding a file the
    /// store already has (git status re-cleaning racily clean files) writes nothing.</summary>
    internal const int SmallObjectLimit = 1 << 20;

    private const int ChunkSize = 1 << 20;
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly StoreDurability _durability;
    private readonly StampRecords _verified;
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal);
    private readonly object _directoriesGate = new();

    public ObjectStore(string root)
    {
        Root = Path.GetFullPath(root);
        ObjectsDirectory = Path.Combine(Root, "objects");
        TempDirectory = Path.Combine(Root, "tmp");
        QuarantineDirectory = Path.Combine(Root, "quarantine");
        _durability = new StoreDurability(Root);
        _verified = new StampRecords(Path.Combine(Root, "verified-stamps"));
    }

    public string Root { get; }

    public string ObjectsDirectory { get; }

    public string TempDirectory { get; }

    public string QuarantineDirectory { get; }

    public string PathOf(ObjectId oid)
    {
        string hex = oid.Hex;
        return Path.Combine(ObjectsDirectory, hex[..2], hex[2..4], hex);
    }

    public bool Contains(ObjectId oid) => File.Exists(PathOf(oid));

    /// <summary>The size of a stored object, or null when the store does not have it.</summary>
    public long? SizeOf(ObjectId oid)
    {
        var info = new FileInfo(PathOf(oid));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Streams <paramref name="content"/> into the store and returns its id and size.</summary>
    public StoredObject Add(Stream content) => Add(content, expected: null, source: "");

    /// <summary>
    /// Streams content that should be object <paramref name="expected"/> into the store (a download, a copy from
    /// another store). When it hashes to anything else nothing is stored and <see cref="ContentMismatchException"/>
    /// names <paramref name="source"/>.
    /// </summary>
    public StoredObject AddVerified(Stream content, ObjectId expected, string source) => Add(content, expected, source);

    private StoredObject Add(Stream content, ObjectId? expected, string source)
    {
        byte[] first = ArrayPool<byte>.Shared.Rent(SmallObjectLimit + 1);
        try
        {
            int n = ReadFully(content, first.AsSpan(0, SmallObjectLimit + 1));
            return n <= SmallObjectLimit
                ? AddSmall(first.AsSpan(0, n), expected, source)
                : AddLarge(first.AsMemory(0, n), content, expected, source);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    /// <summary>Set once cloning into this store failed for want of support: not tried again by this instance.</summary>
    private volatile bool _cannotClone;

    /// <summary>False once cloning into this store failed for want of support (then <see cref="TryClone"/> is not worth a call).</summary>
    internal bool MayClone => !_cannotClone && OperatingSystem.IsLinux();

    /// <summary>
    /// Clones the large file at <paramref name="path"/> into a temporary file of the store (FICLONE: on a
    /// copy-on-write file system the clone shares the file's extents, so nothing is copied), for <see cref="AddClone"/>.
    /// Null when the file is not a regular file larger than the in-memory limit, or the file system cannot clone it
    /// here (ext4, or another file system than the store's; then this instance does not try again).
    /// </summary>
    internal string? TryClone(string path)
    {
        if (_cannotClone || !OperatingSystem.IsLinux())
        {
            return null;
        }
        FileStream source;
        try
        {
            source = Storage.IO.RegularFile.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        using (source)
        {
            if (source.Length <= SmallObjectLimit)
            {
                return null;
            }
            string temp = CreateTempPath();
            bool cloned = false;
            try
            {
                using var target = OpenTemp(temp);
                cloned = Storage.IO.FileCopy.TryClone(source.SafeFileHandle, target);
                _cannotClone |= !cloned;
                return cloned ? temp : null;
            }
            finally
            {
                if (!cloned)
                {
                    TryDelete(temp);
                }
            }
        }
    }

    /// <summary>
    /// Hashes a clone made by <see cref="TryClone"/> (no one else can change it) and publishes it as the object its
    /// bytes name. The object is the clone's bytes, whatever happens to the original afterwards: a later write to the
    /// original gets blocks of its own.
    /// </summary>
    internal StoredObject AddClone(string temp)
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            using (var clone = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                try
                {
                    int n;
                    while ((n = clone.Read(buffer, 0, ChunkSize)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        size += n;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            return Publish(temp, ObjectId.FromHash(hash.GetHashAndReset()), size, knownAbsent: false, remember: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Adds bytes already in memory.</summary>
    public StoredObject Add(ReadOnlySpan<byte> content) =>
        content.Length <= SmallObjectLimit ? AddSmall(content, null, "") : Add(new MemoryStream(content.ToArray(), writable: false));

    /// <summary>Opens an object for reading; the stream throws <see cref="CorruptObjectException"/> at its end when
    /// the bytes are not what the id says.</summary>
    /// <exception cref="ObjectMissingException">The store does not have the object.</exception>
    public Stream OpenRead(ObjectId oid) => Verifying(OpenFile(oid), oid);

    /// <summary>Reads a whole object and checks its hash, quarantining it when it is corrupt (never trusting a
    /// stamp: this is what fsck runs). A large object that checks out is remembered as verified.</summary>
    public void Verify(ObjectId oid)
    {
        using var file = OpenFile(oid);
        var before = OpenFileStamp.Of(file.SafeFileHandle);
        using var stream = Verifying(file, oid);
        stream.CopyTo(Stream.Null, ChunkSize);
        RememberVerified(oid, file.SafeFileHandle, before);
    }

    /// <summary>
    /// Whether the open object file is one this store verified (hashed when it wrote it, or read in full and checked)
    /// and has not changed since: same size, mtime, ctime, inode and device (<see cref="StampRecords"/>). Only large
    /// objects are remembered; for the rest this is false and readers verify as they read.
    /// </summary>
    internal bool IsVerified(ObjectId oid, SafeFileHandle file) =>
        OpenFileStamp.Of(file) is { } stamp && _verified.Lookup(oid.Hex, stamp) == oid;

    /// <summary>
    /// The object's open file when this store verified it and it has not changed since (<see cref="IsVerified"/>; only
    /// large objects are remembered), for a copy that need not read it (a push to a local-directory remote); the
    /// answer's <see cref="Storage.KnownGoodFile.Unchanged"/> tells whether the file stayed so during the copy. Null for
    /// any other object, which readers verify as they read.
    /// </summary>
    internal Storage.KnownGoodFile? OpenKnownGood(ObjectId oid)
    {
        FileStream file;
        try
        {
            file = OpenFile(oid);
        }
        catch (ObjectMissingException)
        {
            return null;
        }
        var before = OpenFileStamp.Of(file.SafeFileHandle);
        if (before is null || !IsVerified(oid, file.SafeFileHandle))
        {
            file.Dispose();
            return null;
        }
        return new Storage.KnownGoodFile(file, () => OpenFileStamp.Of(file.SafeFileHandle) == before && IsVerified(oid, file.SafeFileHandle));
    }

    /// <summary>The object's current stamp when it is known as verified, else null.</summary>
    private Pipelines.Hashing.FileStamp? VerifiedStamp(ObjectId oid) =>
        OpenFileStamp.OfPath(PathOf(oid)) is { } stamp && _verified.Lookup(oid.Hex, stamp) == oid ? stamp : null;

    /// <summary>Remembers an object as verified once it was read in full through <see cref="Verifying"/> and its file did
    /// not change while it was read (<paramref name="before"/> is its stamp from before the read).</summary>
    internal void RememberVerified(ObjectId oid, SafeFileHandle file, Pipelines.Hashing.FileStamp? before)
    {
        if (before is { } stamp && stamp.Size > SmallObjectLimit && OpenFileStamp.Of(file) == stamp)
        {
            _verified.Record(oid.Hex, stamp, oid);
        }
    }

    /// <summary>Opens an object's file without verifying it (see <see cref="Verifying"/>, <see cref="IsVerified"/>).</summary>
    /// <exception cref="ObjectMissingException">The store does not have the object.</exception>
    internal FileStream OpenFile(ObjectId oid)
    {
        try
        {
            return Storage.IO.RegularFile.OpenRead(PathOf(oid));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectMissingException(oid);
        }
    }

    /// <summary>A stream over an object's open file that checks its hash at the end and quarantines it when it is corrupt.</summary>
    internal Stream Verifying(FileStream file, ObjectId oid) =>
        new VerifyingReadStream(file, oid, detail => new CorruptObjectException(oid, detail, Quarantine(oid)));

    /// <summary>Moves an object out of the store, keeping its bytes for inspection. Returns where it went, or null
    /// when it was already gone (another process quarantined it first).</summary>
    public string? Quarantine(ObjectId oid)
    {
        Directory.CreateDirectory(QuarantineDirectory);
        // The random part keeps two copies quarantined within one millisecond from colliding.
        string target = Path.Combine(QuarantineDirectory, $"{oid.Hex}.{DateTime.UtcNow:yyyyMMddTHHmmssfffZ}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            File.Move(PathOf(oid), target);
            return target;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every object in the store, in no particular order (files that are not objects are skipped).</summary>
    public IEnumerable<StoredObjectInfo> Enumerate()
    {
        if (!Directory.Exists(ObjectsDirectory))
        {
            yield break;
        }
        foreach (var file in new DirectoryInfo(ObjectsDirectory).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (ObjectId.TryParse(file.Name, out var oid) && file.FullName == PathOf(oid.Value))
            {
                yield return new StoredObjectInfo(oid.Value, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    /// <summary>Deletes an object; false when it was not there.</summary>
    public bool Delete(ObjectId oid)
    {
        string path = PathOf(oid);
        if (!File.Exists(path))
        {
            return false;
        }
        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Deletes an object unless it was written after <paramref name="cutoffUtc"/> (adding an object that is present
    /// refreshes its time). The object is first moved aside into tmp/, its time is read there, then it is deleted or
    /// put back: an add that refreshes it before the move gets it put back, one that comes later finds it gone and
    /// writes it anew, so no writer can slip between the check and the delete. An object moved aside by a gc that was
    /// killed before it finished is put back by <see cref="PutBackMovedAside"/>. True when the object was deleted.
    /// </summary>
    public bool DeleteUnlessWrittenAfter(ObjectId oid, DateTime cutoffUtc)
    {
        string path = PathOf(oid);
        string aside = Path.Combine(TempDirectory, $"{MovedAsidePrefix}{oid.Hex}-{Environment.ProcessId}.tmp");
        try
        {
            InDirectory(TempDirectory, () => NativeFiles.Rename(path, aside));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false; // Already gone.
        }
        if (File.GetLastWriteTimeUtc(aside) > cutoffUtc)
        {
            InDirectory(Path.GetDirectoryName(path)!, () => NativeFiles.Rename(aside, path));
            return false;
        }
        File.Delete(aside);
        return true;
    }

    /// <summary>
    /// Puts back objects a killed gc left moved aside (see <see cref="DeleteUnlessWrittenAfter"/>), or drops the copy
    /// when the object is back already. The next gc decides about them again. Returns how many were put back.
    /// </summary>
    public int PutBackMovedAside()
    {
        if (!Directory.Exists(TempDirectory))
        {
            return 0;
        }
        int restored = 0;
        foreach (var file in new DirectoryInfo(TempDirectory).EnumerateFiles(MovedAsidePrefix + "*.tmp"))
        {
            string name = file.Name[MovedAsidePrefix.Length..];
            if (name.Length <= 64 || name[64] != '-' || !ObjectId.TryParse(name[..64], out var oid))
            {
                continue;
            }
            try
            {
                if (Contains(oid.Value))
                {
                    file.Delete();
                }
                else
                {
                    InDirectory(Path.GetDirectoryName(PathOf(oid.Value))!, () => NativeFiles.Rename(file.FullName, PathOf(oid.Value)));
                    restored++;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Another gc put it back or deleted it first.
            }
        }
        return restored;
    }

    /// <summary>Makes every object published by this instance durable on disk.</summary>
    public void Sync() => _durability.Sync();

    /// <summary>Deletes temporary files older than <paramref name="age"/>: leftovers of killed writers.</summary>
    public int RemoveStaleTemporaryFiles(TimeSpan age)
    {
        if (!Directory.Exists(TempDirectory))
        {
            return 0;
        }
        int removed = 0;
        var cutoff = DateTime.UtcNow - age;
        foreach (var file in new DirectoryInfo(TempDirectory).EnumerateFiles())
        {
            // An object gc moved aside is no partial write: only PutBackMovedAside decides about it.
            if (file.LastWriteTimeUtc < cutoff && !IsMovedAside(file.Name))
            {
                try
                {
                    file.Delete();
                    removed++;
                }
                catch (IOException)
                {
                    // Another cleaner got there first.
                }
            }
        }
        return removed;
    }

    private StoredObject AddSmall(ReadOnlySpan<byte> content, ObjectId? expected, string source)
    {
        var oid = ObjectId.FromHash(SHA256.HashData(content));
        if (expected is not null && expected != oid)
        {
            throw new ContentMismatchException(expected.Value, oid, source);
        }
        long? existing = SizeOf(oid);
        if (existing == content.Length && Freshen(oid))
        {
            return new StoredObject(oid, content.Length, AlreadyPresent: true);
        }
        if (existing is not null && existing != content.Length)
        {
            Quarantine(oid); // Wrong size under a final name: keep it for inspection, then replace it.
        }
        string temp = CreateTempPath();
        try
        {
            using (var file = OpenTemp(temp))
            {
                RandomAccess.Write(file, content, 0);
            }
            return Publish(temp, oid, content.Length, knownAbsent: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private StoredObject AddLarge(ReadOnlyMemory<byte> first, Stream rest, ObjectId? expected, string source)
    {
        string temp = CreateTempPath();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            using (var file = OpenTemp(temp))
            {
                size = HashAndWrite(first, rest, file, hash);
            }
            var oid = ObjectId.FromHash(hash.GetHashAndReset());
            if (expected is not null && expected != oid)
            {
                throw new ContentMismatchException(expected.Value, oid, source);
            }
            return Publish(temp, oid, size, knownAbsent: false, remember: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes chunk k to disk on a worker while this thread reads and hashes chunk k+1: hashing and writing each
    /// cost about as much as reading, so overlapping them nearly halves the time for a large file. Each chunk's
    /// write-back to disk starts at once, so the flush at the end has little left to wait for. Memory stays at
    /// two chunks whatever the size.
    /// </summary>
    private static long HashAndWrite(ReadOnlyMemory<byte> first, Stream rest, SafeFileHandle file, IncrementalHash hash)
    {
        hash.AppendData(first.Span);
        Task pending = Task.Run(() =>
        {
            RandomAccess.Write(file, first.Span, 0);
            StoreDurability.StartWriteBack(file, 0, first.Length);
        });
        long offset = first.Length;
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(ChunkSize), ArrayPool<byte>.Shared.Rent(ChunkSize)];
        try
        {
            for (int turn = 0; ; turn++)
            {
                byte[] buffer = buffers[turn % 2];
                int n = ReadFully(rest, buffer.AsSpan(0, ChunkSize));
                if (n == 0)
                {
                    break;
                }
                hash.AppendData(buffer, 0, n);
                pending.GetAwaiter().GetResult();
                long at = offset;
                pending = Task.Run(() =>
                {
                    RandomAccess.Write(file, buffer.AsSpan(0, n), at);
                    StoreDurability.StartWriteBack(file, at, n);
                });
                offset += n;
            }
            pending.GetAwaiter().GetResult();
            return offset;
        }
        finally
        {
            // A failed read can leave a write in flight; let it finish before its buffer goes back to the pool.
            try
            {
                pending.Wait();
            }
            catch (AggregateException)
            {
                // Already surfaced above, or irrelevant next to the read failure being thrown.
            }
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    /// <summary>
    /// Moves a complete temporary file to its final name. The rename replaces whatever is there: the bytes are
    /// verified, and a concurrent writer of the same object writes the same bytes, so the last rename wins
    /// harmlessly. An object already present with the right size is kept (and the temporary file dropped).
    /// </summary>
    /// <param name="knownAbsent">The caller checked just before writing that the object was not there.</param>
    /// <param name="remember">Record the published file's stamp as verified (<see cref="IsVerified"/>): the caller
    /// hashed exactly the bytes it wrote into the temporary file.</param>
    private StoredObject Publish(string temp, ObjectId oid, long size, bool knownAbsent, bool remember = false)
    {
        if (!knownAbsent)
        {
            long? existing = SizeOf(oid);
            var verified = existing == size ? VerifiedStamp(oid) : null;
            if (existing == size && Freshen(oid))
            {
                // Freshening changes the object's mtime and ctime; one known as verified just before stays known (the
                // same inode and size, a moment later) so the next checkout still copies it without hashing.
                if (verified is { } was && OpenFileStamp.OfPath(PathOf(oid)) is { } now && now.Inode == was.Inode && now.Device == was.Device && now.Size == was.Size)
                {
                    _verified.Record(oid.Hex, now, oid);
                }
                TryDelete(temp);
                return new StoredObject(oid, size, AlreadyPresent: true);
            }
            if (existing is not null && existing != size)
            {
                // Wrong size under a final name: never written by this store's protocol. Keep it for inspection.
                Quarantine(oid);
            }
        }
        string final = PathOf(oid);
        var written = remember ? OpenFileStamp.OfPath(temp) : null;
        InDirectory(Path.GetDirectoryName(final)!, () => NativeFiles.Rename(temp, final));
        _durability.Record(final);
        if (written is { } before && OpenFileStamp.OfPath(final) is { } after
            && after.Inode == before.Inode && after.Device == before.Device && after.Size == before.Size && after.MtimeNs == before.MtimeNs)
        {
            // The rename changed the ctime; the same inode with the same size and mtime is still the file written.
            _verified.Record(oid.Hex, after, oid);
        }
        return new StoredObject(oid, size, AlreadyPresent: false);
    }

    /// <summary>Names of objects gc moved aside into tmp/ ("gc-OID-PID.tmp").</summary>
    private const string MovedAsidePrefix = "gc-";

    /// <summary>Whether a file of tmp/ is an object gc moved aside rather than a partial write.</summary>
    public static bool IsMovedAside(string fileName) => fileName.StartsWith(MovedAsidePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Marks a present object as written now. False when it vanished meanwhile (gc moved it aside) or its time cannot
    /// be set (another user's file): the caller then writes it anew, which gives it a new time too.
    /// </summary>
    private bool Freshen(ObjectId oid)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(oid), DateTime.UtcNow);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private SafeFileHandle OpenTemp(string path) => InDirectory(TempDirectory, () => NativeFiles.CreateNew(path, ReadOnly));

    private string CreateTempPath() => Path.Combine(TempDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Runs <paramref name="create"/>, which makes a file in <paramref name="directory"/>, creating the folder first.
    /// Folders are remembered once created, but one can go while this instance lives (a long filter session while
    /// the store is cleared or an empty fan-out folder pruned): then it is created again and the step retried once.
    /// </summary>
    private T InDirectory<T>(string directory, Func<T> create)
    {
        EnsureDirectory(directory);
        try
        {
            return create();
        }
        catch (DirectoryNotFoundException)
        {
            lock (_directoriesGate)
            {
                _knownDirectories.Remove(directory);
            }
            EnsureDirectory(directory);
            return create();
        }
    }

    private void InDirectory(string directory, Action create) => InDirectory(directory, () =>
    {
        create();
        return true;
    });

    private void EnsureDirectory(string path)
    {
        lock (_directoriesGate)
        {
            if (_knownDirectories.Contains(path))
            {
                return;
            }
        }
        NativeFiles.CreateDirectory(path);
        lock (_directoriesGate)
        {
            _knownDirectories.Add(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless; RemoveStaleTemporaryFiles collects it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
