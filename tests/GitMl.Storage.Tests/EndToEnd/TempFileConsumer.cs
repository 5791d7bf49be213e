namespace GitMl.Storage.Tests.EndToEnd;

/// <summary>
/// A download consumer that does what git-ml's object store does: it streams the object into a new temporary
/// file and renames that file into place only when the stream ended without an exception; otherwise it deletes
/// the temporary file and rethrows. Whatever is under <see cref="ObjectsFolder"/> was kept.
/// </summary>
internal sealed class TempFileConsumer(string root)
{
    public string ObjectsFolder { get; } = Path.Combine(root, "objects");

    public string TempFolder { get; } = Path.Combine(root, "tmp");

    /// <summary>Keys of the files kept, sorted.</summary>
    public IReadOnlyList<string> KeptKeys => Directory.Exists(ObjectsFolder)
        ? [.. Directory.EnumerateFiles(ObjectsFolder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(ObjectsFolder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Temporary files not cleaned up (there must be none once a transfer is over).</summary>
    public IReadOnlyList<string> LeftoverTempFiles => Directory.Exists(TempFolder) ? [.. Directory.EnumerateFiles(TempFolder)] : [];

    public string PathOf(string key) => Path.Combine(ObjectsFolder, key.Replace('/', Path.DirectorySeparatorChar));

    public Func<Stream, CancellationToken, Task> For(string key) => async (stream, cancellationToken) =>
    {
        Directory.CreateDirectory(TempFolder);
        string temp = Path.Combine(TempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            string target = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    };
}
