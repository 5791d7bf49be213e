using System.Buffers;
using System.Security.Cryptography;
using GitMl.Core.Objects;

namespace GitMl.Core.Pipelines.Hashing;

/// <summary>
/// Hashes pipeline dependencies and outputs without reading what it already knows: a file whose size and time are
/// unchanged since it was last hashed (<see cref="StatCache"/>: size, times, inode) or that git sees as an unmodified git-ml file
/// (<see cref="UnmodifiedPointers"/>) costs a stat. A file that is itself a git-ml pointer (its content not
/// checked out) counts as the content it names. Directories hash as their manifest (<see cref="DirectoryManifest"/>).
/// With <c>store</c>, files and manifests also go into the object store (outputs, so they can be restored).
/// The stat cache is asked first; git is asked about unmodified files only on the first file the stat cache does
/// not know, so a no-op repro or status, where every file is known, starts no git process at all. A folder whose
/// files all have the stamps they had when it was last hashed answers as a whole (<see cref="FolderCache"/>).
/// Thread-safe: stages hashed in parallel share one hasher.
/// </summary>
/// <param name="unmodified">Reads <see cref="UnmodifiedPointers"/>; called at most once, when first needed.</param>
/// <param name="indexed">
/// For a read-only command that asked git already (status): a folder git tracks whole and calls unmodified answers from
/// the folder cache without a walk (<see cref="IndexedPaths"/>). Never used once a path was <see cref="Forget"/>ten, nor
/// when storing.
/// </param>
public sealed class ContentHasher(MlRepository repo, StatCache cache, Func<IReadOnlyDictionary<string, Pointer>> unmodified, IndexedPaths? indexed = null)
{
    private readonly object _cacheGate = new();
    private readonly Lazy<IReadOnlyDictionary<string, Pointer>> _unmodified = new(unmodified);
    private readonly object _rewrittenGate = new();
    // Copied on write: it is read for every file hashed (on every core) and changed once per stage that runs.
    private volatile string[] _rewritten = [];
    // Folders hashed so far (an output of one stage is often a dependency of the next), valid while no path has been
    // forgotten since: every Forget starts a new generation.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (HashedPath Hashed, bool Stored, int Generation)> _folders = new(StringComparer.Ordinal);
    private volatile int _generation;

    /// <summary>
    /// Says that a path (a file, or a folder and everything in it) is being rewritten, by a stage that produces it:
    /// from now on what git knew about it when the hasher was made (<see cref="UnmodifiedPointers"/>) is stale, and
    /// it is hashed from its bytes.
    /// </summary>
    public void Forget(string relativePath)
    {
        lock (_rewrittenGate)
        {
            _rewritten = [.. _rewritten, relativePath.TrimEnd('/')];
            _generation++;
            _folders.Clear();
        }
    }

    private bool IsRewritten(string relativePath)
    {
        foreach (string p in _rewritten)
        {
            if (relativePath.StartsWith(p, StringComparison.Ordinal) && (relativePath.Length == p.Length || relativePath[p.Length] == '/'))
            {
                return true;
            }
        }
        return false;
    }

    /// <exception cref="WorktreeLinkException">The path, a folder on its way or something under it is a symbolic link: it is not followed.</exception>
    public HashedPath Hash(string relativePath, bool store)
    {
        WorktreeFiles.CheckNoLink(repo.WorkTree, relativePath, includeLast: true, writing: false);
        string full = Path.Combine(repo.WorkTree, relativePath);
        if (File.Exists(full))
        {
            var (hash, size) = HashFile(relativePath, full, store);
            return new HashedPath(relativePath, true, hash, size, null);
        }
        if (Directory.Exists(full))
        {
            int generation = _generation;
            if (_folders.TryGetValue(relativePath, out var known) && known.Generation == generation && (known.Stored || !store))
            {
                return known.Hashed;
            }
            // Whether every file is the one seen when the folder was last hashed (FolderCache): then its hash is known. For a
            // folder git tracks whole, git's status of its files tells (IndexedPaths, valid while nothing was rewritten
            // since); otherwise a walk does. Neither when storing: each file's object must then be checked in the store,
            // which the file-by-file path does.
            var hashed = store || _rewritten.Length > 0 ? null : indexed?.Folder(relativePath, cache.Folders);
            if (hashed is null)
            {
                var before = FolderCache.Walk(full, cache.Folders.SizeHint(relativePath));
                hashed = before is null || store ? null : cache.Folders.Lookup(relativePath, before);
                if (hashed is null)
                {
                    hashed = HashDirectory(relativePath, full, store);
                    cache.Folders.Remember(relativePath, before, before is null ? null : FolderCache.Walk(full, before.Length), hashed);
                }
            }
            lock (_rewrittenGate)
            {
                if (_generation == generation)
                {
                    _folders[relativePath] = (hashed, store, generation);
                }
            }
            return hashed;
        }
        return HashedPath.Missing(relativePath);
    }

    private HashedPath HashDirectory(string relativePath, string full, bool store)
    {
        string folder = WorktreeFiles.Normalize(repo.WorkTree, relativePath);
        var files = WorktreeFiles.EnumerateFiles(repo.WorkTree, folder);
        var entries = new DirectoryManifest.Entry[files.Count];
        // Files are hashed (and stored) on every core: a folder of many files is bound by per-file work, not by the disk.
        Parallel.For(0, files.Count, i =>
        {
            string inside = folder.Length == 0 ? files[i] : files[i][(folder.Length + 1)..];
            var (hash, size) = HashFile($"{relativePath}/{inside}", Path.Combine(repo.WorkTree, files[i]), store);
            entries[i] = new DirectoryManifest.Entry(inside, ObjectId.Parse(hash), size);
        });
        var manifest = new DirectoryManifest(entries);
        if (store)
        {
            repo.Store.Add(manifest.Encode());
        }
        return new HashedPath(relativePath, true, manifest.Hash, manifest.TotalSize, entries.Length);
    }

    private (string Hash, long Size) HashFile(string relativePath, string fullPath, bool store)
    {
        // One statx, without following a link: what the stat cache compares, and the size.
        var stamp = FileStamp.Of(fullPath) ?? throw new FileNotFoundException($"{relativePath} disappeared while it was being hashed", fullPath);
        string? known;
        lock (_cacheGate)
        {
            known = cache.Lookup(relativePath, stamp);
        }
        if (known is not null && (!store || repo.Store.Contains(ObjectId.Parse(known))))
        {
            return (known, stamp.Size);
        }
        if (!IsRewritten(relativePath) && _unmodified.Value.TryGetValue(relativePath, out var tracked) && (!store || repo.Store.Contains(tracked.Oid)))
        {
            Remember(relativePath, fullPath, stamp, tracked.Oid.Hex);
            return (tracked.Oid.Hex, tracked.Size);
        }
        string hash;
        // Its folders were checked by the caller; the file itself is opened without following a link.
        using (var stream = Storage.IO.RegularFile.OpenRead(fullPath))
        {
            if (WorktreeFiles.PointerIn(stream) is { } pointer)
            {
                return (pointer.Oid.Hex, pointer.Size);
            }
            hash = store ? repo.Store.Add(stream).Oid.Hex : Sha256(stream);
        }
        Remember(relativePath, fullPath, stamp, hash);
        return (hash, stamp.Size);
    }

    private void Remember(string relativePath, string fullPath, FileStamp before, string hash)
    {
        lock (_cacheGate)
        {
            cache.Remember(relativePath, fullPath, before, hash);
        }
    }

    private static string Sha256(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n;
            while ((n = stream.Read(buffer, 0, 1 << 20)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
