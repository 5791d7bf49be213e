namespace GitMl.Core.IO;

/// <summary>Writes a whole file so that readers, and a crash, see the old content or the new, never a mix.</summary>
public static class AtomicFile
{
    /// <param name="flushToDisk">Flush the new content to disk before it replaces the old. Only caches, which check
    /// what they read and can be rebuilt, leave it out: an fsync can wait for every other write in flight.</param>
    public static void WriteAllText(string path, string content, bool flushToDisk = true) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(content), flushToDisk);

    /// <inheritdoc cref="WriteAllText"/>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, bool flushToDisk = true)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk);
            }
            if (File.Exists(path) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
