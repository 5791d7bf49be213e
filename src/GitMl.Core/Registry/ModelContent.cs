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

    /// <summary>
    /// Stores the file or directory at <paramref name="fullPath"/>. Inside the working tree, no symbolic link on the
    /// way is followed (<see cref="WorktreeFiles"/>); outside it (a path the user named), only the named path itself
    /// is taken as given, and nothing under it is followed.
    /// </summary>
    /// <exception cref="WorktreeLinkException">A link is on the way or inside the directory: nothing is registered.</exception>
    public Stored Add(string fullPath)
    {
        var (root, relative) = RootOf(fullPath);
        WorktreeFiles.CheckNoLink(root, relative, includeLast: true, writing: false);
        if (File.Exists(fullPath))
        {
            var (oid, size) = AddFile(root, relative);
            return new Stored(oid.Hex, size, false, null);
        }
        if (!Directory.Exists(fullPath))
        {
            throw new FileNotFoundException($"{fullPath} does not exist: give the model file or directory to register");
        }
        var files = WorktreeFiles.EnumerateFiles(root, relative);
        if (files.Count == 0)
        {
            throw new ArgumentException($"{fullPath} is an empty directory: there is nothing to register");
        }
        var manifest = new DirectoryManifest(files.Select(f =>
        {
            var (oid, size) = AddFile(root, f);
            return new DirectoryManifest.Entry(relative.Length == 0 ? f : f[(relative.Length + 1)..], oid, size);
        }));
        var stored = repo.Store.Add(manifest.Encode());
        return new Stored(stored.Oid.Hex, manifest.TotalSize, true, stored.Size);
    }

    /// <summary>The folder links are checked from (the working tree, or for a path outside it the path's parent) and the path relative to it.</summary>
    private (string Root, string Relative) RootOf(string fullPath)
    {
        string relative = Path.GetRelativePath(repo.WorkTree, fullPath).Replace('\\', '/');
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            string trimmed = Path.TrimEndingDirectorySeparator(fullPath);
            return (Path.GetDirectoryName(trimmed)!, Path.GetFileName(trimmed));
        }
        return (repo.WorkTree, relative == "." ? "" : relative);
    }

    /// <summary>Writes a version's content to <paramref name="target"/> (a file, or a directory for a directory version).</summary>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> WriteTo(ModelRecord model, ModelVersion version, string target)
    {
        var oid = ObjectId.Parse(version.Oid);
        if (!version.IsDirectory)
        {
            Ensure(model, [new PointerUse(new Pointer(oid, version.Size), $"models:/{model.Name}/{version.Number}")]);
            string full = Path.GetFullPath(target);
            WriteObject(new Pointer(oid, version.Size), Path.GetDirectoryName(full)!, Path.GetFileName(full), target);
            return [target];
        }
        Ensure(model, [new PointerUse(new Pointer(oid, version.ManifestSize ?? 0), $"models:/{model.Name}/{version.Number}")]);
        var manifest = TryReadManifest(repo.Store, oid) ?? throw new FormatException($"the manifest of models:/{model.Name}/{version.Number} ({oid.Short}) is not a directory manifest");
        Ensure(model, manifest.Entries.Select(e => new PointerUse(new Pointer(e.Oid, e.Size), e.Path)).ToList());
        var written = new List<string>();
        foreach (var entry in manifest.Entries)
        {
            string path = Path.Combine(target, entry.Path);
            WriteObject(new Pointer(entry.Oid, entry.Size), target, entry.Path, path);
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

    private (ObjectId Oid, long Size) AddFile(string root, string relative)
    {
        using var stream = WorktreeFiles.OpenRead(root, relative);
        if (WorktreeFiles.PointerIn(stream) is { } pointer)
        {
            return (pointer.Oid, pointer.Size);
        }
        var stored = repo.Store.Add(stream);
        return (stored.Oid, stored.Size);
    }

    /// <summary>Fetches from the default data remote whatever of <paramref name="uses"/> the local store lacks.</summary>
    private void Ensure(ModelRecord model, IReadOnlyList<PointerUse> uses) => MissingObjects.Fetch(repo, remotes, uses, $"model {model.Name}");

    /// <summary>Writes one file of a model: <paramref name="relative"/> under <paramref name="root"/>, through no symbolic link on the way.</summary>
    private void WriteObject(Pointer pointer, string root, string relative, string display) =>
        WorktreeContent.WriteFile(repo.Store, pointer, Path.GetFullPath(root), relative, display);
}
