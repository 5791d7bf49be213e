using System.Buffers;
using GitMl.Storage.Adapters;
using GitMl.Storage.IO;

namespace GitMl.Storage.Local;

/// <summary>
/// A remote that is a plain folder: another disk, an NFS mount, a USB drive. Each key is a file at the same
/// relative path under <see cref="Root"/>.
/// <para>Writing: bytes stream into a new file in <c>.tmp/</c> under the root (same file system, so the final
/// rename is atomic), are checked against the announced length and SHA-256 while they stream, and are then renamed
/// over the key's file. A reader sees the whole object or none; a writer killed at any moment leaves at most a file
/// in <c>.tmp/</c>, which is never listed.</para>
/// <para>Durability is batched: a put does not flush anything to disk (an fsync costs about 2 ms, and fsyncs from
/// parallel puts queue up in the file system's journal, so flushing each of 5,000 small objects took most of a push).
/// The store records what it published, and <see cref="FlushAsync"/> flushes it: each file and the folders up
/// to the root when there are at most <see cref="PerFileFlushLimit"/> files, otherwise the whole file system at once
/// (syncfs(2), which also flushes other programs' pending writes there; file by file where the system has no
/// syncfs). Until then a power cut or an operating-system crash (not a killed process: its writes are in the
/// kernel already) may lose recently put objects. Each file's data is written out (not flushed, see
/// <see cref="IFileSystemSync.WriteOut"/>) before its rename, so that on journaling file systems an object lost
/// that way is lost whole rather than left empty or short under its key; where that cannot be ensured, reads
/// are verified, so such an object is reported damaged, never trusted. Where files and folders cannot be flushed
/// after the fact (not Linux), each put flushes its own file before publishing it, as before.</para>
/// <para>The root must exist: the store never creates it, because a missing root usually means a drive that is not
/// mounted, and creating it would fill the mount point's own disk instead.</para>
/// <para>A key cannot be both an object and a folder of other keys (unlike on S3); git-ml's keys never are.</para>
/// </summary>
public sealed class LocalDirectoryBlobStore : IBlobStore, IFileCopyTarget
{
    /// <summary>The folder under the root where puts write before publishing. Reserved: no key may start with it.</summary>
    public const string TempFolderName = ".tmp";

    /// <summary>
    /// Up to this many files, a flush fsyncs each file and folder; above it, one syncfs. Each fsync costs a journal
    /// commit, while syncfs costs one commit plus whatever else is waiting to be written on that file system, which
    /// for a few files may well be more.
    /// </summary>
    internal const int PerFileFlushLimit = 64;

    private const int ChunkSize = 1 << 20;
    private const int ReadBufferSize = 1 << 16;

    private readonly IFileSystemSync _sync;
    private readonly UnflushedWrites _unflushed = new();
    private int _leftoversRemoved;

    /// <summary>Folders this instance made or found: a push of thousands of objects asks for each fan-out folder
    /// once, not once per object.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _knownFolders = new(StringComparer.Ordinal);

    public LocalDirectoryBlobStore(string root)
        : this(root, FileSync.Instance)
    {
    }

    /// <param name="sync">The system's flushes (a test records them instead).</param>
    internal LocalDirectoryBlobStore(string root, IFileSystemSync sync)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        TempDirectory = Path.Combine(Root, TempFolderName);
        _sync = sync;
    }

    /// <summary>The store's folder, a full path.</summary>
    public string Root { get; }

    /// <summary>Where partial files are written (<see cref="TempFolderName"/> under the root).</summary>
    internal string TempDirectory { get; }

    public string Description => Root;

    public Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        string[] paths = [.. keys.Select(PathOf)];
        RequireRoot();
        var found = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (string key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(paths[i++]))
            {
                found.Add(key);
            }
        }
        return Task.FromResult<IReadOnlySet<string>>(found);
    }

    public async Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        string target = PathOf(key);
        using var verified = new VerifiedContentReader(Description, key, content, length, sha256); // checks the arguments
        RequireRoot();
        var (temp, file) = CreateTempFile();
        try
        {
            await WriteFileAsync(file, temp, verified, cancellationToken);
            Publish(temp, target);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Copies a known-good file inside the kernel (FICLONE where the remote and the file share a copy-on-write file
    /// system, else copy_file_range), with no pass through this process and no second hash; then publishes it as
    /// <see cref="PutAsync"/> does. False, with nothing left behind, where neither copy works here, when the file is not
    /// the announced length, or when it changed during the copy.
    /// </summary>
    public async Task<bool> TryPutFileAsync(string key, KnownGoodFile file, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        string target = PathOf(key);
        RequireRoot();
        var (temp, copy) = CreateTempFile();
        bool published = false;
        try
        {
            await using (copy)
            {
                if (file.File.Length != length
                    || Guarded("writing", temp, () => FileCopy.TryCopy(file.File.SafeFileHandle, copy.SafeFileHandle, length)) == FileCopy.Method.None
                    || copy.Length != length
                    || !file.Unchanged())
                {
                    return false;
                }
                FinishFile(copy, temp);
            }
            cancellationToken.ThrowIfCancellationRequested();
            Publish(temp, target);
            published = true;
            return true;
        }
        finally
        {
            if (!published)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>
    /// A new, empty temporary file in <see cref="TempDirectory"/>, open for writing. The folder is made (and partial
    /// files of killed uploads removed from it, see <see cref="RemoveLeftoversOnce"/>) by the first upload of this
    /// instance, and made again should someone remove it during a push.
    /// </summary>
    private (string Path, FileStream File) CreateTempFile()
    {
        if (!_knownFolders.ContainsKey(TempDirectory))
        {
            Guarded("writing", TempDirectory, () => Directory.CreateDirectory(TempDirectory));
            _knownFolders.TryAdd(TempDirectory, 0);
        }
        RemoveLeftoversOnce();
        string temp = Path.Combine(TempDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        return (temp, Guarded("writing", temp, () =>
        {
            try
            {
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(TempDirectory);
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            }
        }));
    }

    /// <summary>Partial files of killed uploads (never listed, never objects), removed by the first upload of this instance.</summary>
    private void RemoveLeftoversOnce()
    {
        if (Interlocked.Exchange(ref _leftoversRemoved, 1) == 0)
        {
            Leftovers.RemoveFiles(TempDirectory, "*.tmp", _ => 0);
        }
    }

    public Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        try
        {
            var file = RegularFile.OpenRead(path, ReadBufferSize);
            return Task.FromResult(new BlobDownload(file, file.Length));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or SpecialFileException { IsFolder: true }
                                    || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // A folder of other keys is not an object either (Unix refuses to open it as a file).
            RequireRoot();
            throw new BlobNotFoundException(Description, key);
        }
        catch (SpecialFileException e)
        {
            throw new StorageException($"{Description}: {e.Message}", isTransient: false, inner: e);
        }
        catch (Exception e) when (LocalFailures.IsFileSystemError(e))
        {
            throw LocalFailures.Map(e, Description, "reading", path);
        }
    }

    public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobKeys.ThrowIfInvalidPrefix(prefix);
        return List(prefix, cancellationToken).ToAsyncEnumerable();
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        RequireRoot();
        try
        {
            File.Delete(path); // A missing file is fine; a missing folder on the way throws, caught below.
        }
        catch (Exception e) when (e is DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // No object under this key (a folder of other keys is not one).
        }
        catch (Exception e) when (LocalFailures.IsFileSystemError(e))
        {
            throw LocalFailures.Map(e, Description, "deleting", path);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Flushes every object published since the last flush, and the folders that hold them (see the class
    /// remarks for how). A failure is not transient: after a failed fsync the kernel may have dropped the data it
    /// could not write, and a second fsync would report success for it.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var (files, folders) = _unflushed.TakeAll();
        if (files.Count == 0 && folders.Count == 0)
        {
            return Task.CompletedTask;
        }
        return Task.Run(() => Flush(files, folders, cancellationToken), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The file of a key.</summary>
    /// <exception cref="ArgumentException">The key is invalid (<see cref="BlobKeys"/>) or lies in the temporary folder.</exception>
    internal string PathOf(string key)
    {
        BlobKeys.ThrowIfInvalid(key);
        if (IsInTempFolder(key))
        {
            throw new ArgumentException($"'{key}' is not a valid object key here: '{TempFolderName}/' is this store's folder for partial files.", nameof(key));
        }
        return Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static bool IsInTempFolder(string keyOrPrefix) =>
        keyOrPrefix.StartsWith(TempFolderName + "/", StringComparison.Ordinal);

    private IEnumerable<BlobInfo> List(string prefix, CancellationToken cancellationToken)
    {
        RequireRoot();
        int slash = prefix.LastIndexOf('/');
        string start = slash < 0 ? Root : Path.Combine(Root, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (IsInTempFolder(prefix) || !Directory.Exists(start))
        {
            yield break;
        }
        using var files = Guarded("listing", start, () => new StoredFileEnumerator(Root, start, prefix, TempFolderName));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Guarded("listing", start, files.MoveNext))
            {
                yield break;
            }
            yield return files.Current;
        }
    }

    /// <summary>Copies the verified content into a new file (flushed to disk only where durability is not deferred). Only failures of the file
    /// are mapped to storage errors; the content's own failures (a source that breaks, damage) pass unchanged.</summary>
    private async Task WriteFileAsync(FileStream file, string path, VerifiedContentReader content, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (file)
            {
                while (content.Remaining > 0)
                {
                    int n = await content.ReadChunkAsync(buffer.AsMemory(0, ChunkSize), cancellationToken);
                    try
                    {
                        // Synchronous on purpose: the file is opened for synchronous I/O, and its async write would
                        // hand each chunk to the thread pool.
                        file.Write(buffer, 0, n);
                    }
                    catch (Exception e) when (LocalFailures.IsFileSystemError(e))
                    {
                        throw LocalFailures.Map(e, Description, "writing", path);
                    }
                }
                content.VerifyComplete();
                FinishFile(file, path);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A complete temporary file before its rename: flushed where durability is not deferred, else its data
    /// written out (see the class remarks).</summary>
    private void FinishFile(FileStream file, string path)
    {
        if (!_sync.DefersDurability)
        {
            Guarded("writing", path, () => file.Flush(flushToDisk: true));
        }
        else
        {
            Guarded("writing", path, () => _sync.WriteOut(file.SafeFileHandle, path));
        }
    }

    /// <summary>Renames a complete file over the key's file, creating the folders on the way, and records the file
    /// and its folders for the next flush (or flushes the folders now, where durability is not deferred).</summary>
    private void Publish(string temp, string target)
    {
        Guarded("writing", target, () =>
        {
            string folder = Path.GetDirectoryName(target)!;
            if (!_knownFolders.ContainsKey(folder))
            {
                Directory.CreateDirectory(folder);
                _knownFolders.TryAdd(folder, 0);
            }
            try
            {
                File.Move(temp, target, overwrite: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Someone removed the folder since this store made it: make it again.
                Directory.CreateDirectory(folder);
                File.Move(temp, target, overwrite: true);
            }
        });
        var folders = FoldersOf(target);
        if (_sync.DefersDurability)
        {
            _unflushed.Add(target, folders);
            return;
        }
        foreach (string folder in folders)
        {
            _sync.SyncFolder(folder);
        }
    }

    /// <summary>
    /// Every folder from the file's up to the root: the entries a flush must make durable for the file to be found
    /// after a power cut. Not only the folders this put created: another put (or an earlier push that was killed
    /// before its flush) may have created them and not flushed them yet. Flushing a folder that has nothing pending is
    /// cheap, and the per-file flush only runs for a few files.
    /// </summary>
    private List<string> FoldersOf(string file)
    {
        var folders = new List<string>();
        for (string? f = Path.GetDirectoryName(file); f is not null && f.Length >= Root.Length; f = Path.GetDirectoryName(f))
        {
            folders.Add(f);
        }
        return folders;
    }

    private void Flush(HashSet<string> files, HashSet<string> folders, CancellationToken cancellationToken)
    {
        string current = Root;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            RequireRoot();
            if (files.Count > PerFileFlushLimit && _sync.TrySyncFileSystem(Root))
            {
                return;
            }
            foreach (string file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = file;
                try
                {
                    _sync.SyncFile(file);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    // Deleted since it was put: nothing left to make durable.
                }
            }
            foreach (string folder in folders)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _sync.SyncFolder(folder);
            }
        }
        catch (OperationCanceledException)
        {
            _unflushed.Return(files, folders); // not flushed: the next flush does it
            throw;
        }
        catch (Exception e) when (LocalFailures.IsFileSystemError(e))
        {
            var mapped = LocalFailures.Map(e, Description, "flushing to disk", current);
            throw new StorageException(
                $"{mapped.Message} (the {files.Count} object(s) written here since the last flush may not survive a power cut)",
                isTransient: false, inner: e, affectsWholeStore: mapped.AffectsWholeStore);
        }
    }

    /// <summary>Fails with a clear, non-transient error when the root is gone: typically a drive not mounted.</summary>
    private void RequireRoot()
    {
        if (!Directory.Exists(Root))
        {
            throw new StorageException(
                $"{Root}: the folder does not exist; mount the drive it is on, or create it (mkdir -p '{Root}') if this is a new remote",
                isTransient: false, affectsWholeStore: true);
        }
    }

    private T Guarded<T>(string doing, string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (LocalFailures.IsFileSystemError(e))
        {
            throw LocalFailures.Map(e, Description, doing, path);
        }
    }

    private void Guarded(string doing, string path, Action action) => Guarded(doing, path, () =>
    {
        action();
        return true;
    });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (LocalFailures.IsFileSystemError(e))
        {
            // A leftover temporary file is harmless: it is never listed and never read as an object.
        }
    }
}
