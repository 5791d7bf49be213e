using GitMl.Core.Objects;
using GitMl.Core.Remotes;
using GitMl.Core.Transfer;

namespace GitMl.Core.Registry;

/// <summary>
/// A model's bytes in the local object store. <see cref="Add"/> stores a file (or each file of a directory plus
/// its manifest, <see cref="DirectoryManifest"/>) and returns the content oid a version records; a file that is a
/// git-ml pointer (content not checked out) counts as the content it names. <see cref="WriteTo"/> writes a version's
/// bytes to a path, fetching what the store lacks from the default data remote first, verifying every byte, and
/// publishing each file by an atomic rename so a failure never leaves a partial model behind.
/// </summary>
public sealed class ModelContent(MlRepository repo, IBlobStoreFactory? remotes)
{
    /// <param name="ManifestSize">For a directory: the size of its manifest object.</param>
    public sealed record Stored(string Oid, long Size, bool IsDirectory, long? ManifestSize);

    public Stored Add(string fullPath)
    {
        if (File.Exists(fullPath))
        {
            var (oid, size) = AddFile(fullPath);
            return new Stored(oid.Hex, size, false, null);
        }
        if (!Directory.Exists(fullPath))
        {
            throw new FileNotFoundException($"{fullPath} does not exist: give the model file or directory to register");
        }
        var files = new DirectoryInfo(fullPath).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"{fullPath} is an empty directory: there is nothing to register");
        }
        var manifest = new DirectoryManifest(files.Select(f =>
        {
            var (oid, size) = AddFile(f.FullName);
            return new DirectoryManifest.Entry(Path.GetRelativePath(fullPath, f.FullName).Replace('\\', '/'), oid, size);
        }));
        var stored = repo.Store.Add(manifest.Encode());
        return new Stored(stored.Oid.Hex, manifest.TotalSize, true, stored.Size);
    }

    /// <summary>Writes a version's content to <paramref name="target"/> (a file, or a directory for a directory version).</summary>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> WriteTo(ModelRecord model, ModelVersion version, string target)
    {
        var oid = ObjectId.Parse(version.Oid);
        if (!version.IsDirectory)
        {
            Ensure(model, [new PointerUse(new Pointer(oid, version.Size), $"models:/{model.Name}/{version.Number}")]);
            WriteObject(new Pointer(oid, version.Size), target);
            return [target];
        }
        Ensure(model, [new PointerUse(new Pointer(oid, version.ManifestSize ?? 0), $"models:/{model.Name}/{version.Number}")]);
        var manifest = TryReadManifest(repo.Store, oid) ?? throw new FormatException($"the manifest of models:/{model.Name}/{version.Number} ({oid.Short}) is not a directory manifest");
        Ensure(model, manifest.Entries.Select(e => new PointerUse(new Pointer(e.Oid, e.Size), e.Path)).ToList());
        var written = new List<string>();
        foreach (var entry in manifest.Entries)
        {
            string path = Path.Combine(target, entry.Path);
            WriteObject(new Pointer(entry.Oid, entry.Size), path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Reads a stored directory manifest; null when it is missing or not a manifest.</summary>
    public static DirectoryManifest? TryReadManifest(ObjectStore store, ObjectId oid)
    {
        try
        {
            using var stream = store.OpenRead(oid);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return DirectoryManifest.Parse(buffer.ToArray());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or ObjectMissingException or CorruptObjectException)
        {
            return null;
        }
    }

    private (ObjectId Oid, long Size) AddFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length < Pointer.SizeLimit && Pointer.TryParse(File.ReadAllBytes(path), out _) is { } pointer)
        {
            return (pointer.Oid, pointer.Size);
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        var stored = repo.Store.Add(stream);
        return (stored.Oid, stored.Size);
    }

    /// <summary>Fetches from the default data remote whatever of <paramref name="uses"/> the local store lacks.</summary>
    private void Ensure(ModelRecord model, IReadOnlyList<PointerUse> uses) => MissingObjects.Fetch(repo, remotes, uses, $"model {model.Name}");

    private void WriteObject(Pointer pointer, string target) =>
        WorktreeContent.WriteFile(repo.Store, pointer, Path.GetFullPath(target), target);
}
