using GitMl.Core.Objects;

namespace GitMl.Core.Metrics;

/// <summary>
/// Files as they are at one revision: the working tree, or a commit. Paths are relative to the top of the working
/// tree, with forward slashes. Content git-ml stores in place of a file (a pointer) reads as the bytes it stands for,
/// from the local object store. Each file is read once.
/// </summary>
public abstract class RevisionFiles
{
    /// <summary>The name that stands for the working tree, in arguments and in column headers (as in DVC).</summary>
    public const string WorkspaceLabel = "workspace";

    private readonly Dictionary<string, byte[]?> _cache = new(StringComparer.Ordinal);
    private readonly ObjectStore _store;

    protected RevisionFiles(string label, ObjectStore store)
    {
        Label = label;
        _store = store;
    }

    /// <summary>"workspace", or the revision as the user named it ("HEAD~1", "main").</summary>
    public string Label { get; }

    /// <summary>The file's bytes, or null when there is no such file at this revision.</summary>
    /// <exception cref="ObjectMissingException">The file is stored by git-ml and its content is not in the local store.</exception>
    public byte[]? Read(string path) => ReadMany([path])[0];

    /// <summary>Several files at once (one git process for a commit), in the order asked; null where a file is missing.</summary>
    /// <exception cref="ObjectMissingException">A file is stored by git-ml and its content is not in the local store.</exception>
    public IReadOnlyList<byte[]?> ReadMany(IReadOnlyList<string> paths)
    {
        var wanted = paths.Where(p => !_cache.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        var read = ReadFiles(wanted);
        for (int i = 0; i < wanted.Count; i++)
        {
            _cache[wanted[i]] = read[i] is { } bytes ? Resolve(wanted[i], bytes) : null;
        }
        return paths.Select(p => _cache[p]).ToList();
    }

    /// <summary>The files' bytes as stored (pointers as they are), in the order asked; null where missing.</summary>
    protected abstract IReadOnlyList<byte[]?> ReadFiles(IReadOnlyList<string> paths);

    private byte[] Resolve(string path, byte[] bytes)
    {
        if (!Pointer.LooksLikePointer(bytes) || Pointer.ParseOrNull(bytes) is not { } pointer)
        {
            return bytes;
        }
        if (!_store.Contains(pointer.Oid))
        {
            throw new ObjectMissingException(pointer.Oid,
                $"{path} at {Label} is stored by git-ml and its content ({pointer.Oid.Short}) is not in the local store: run `git ml fetch` (or `git ml pull`) to get it");
        }
        using var stream = _store.OpenRead(pointer.Oid);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
