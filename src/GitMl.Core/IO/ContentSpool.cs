namespace GitMl.Core.IO;

/// <summary>
/// Takes a whole stream in before anything is given back: in memory up to a limit, then in a temporary file
/// that is deleted when the returned stream is closed. Filters need this to pass content through unchanged,
/// because git writes all of a request before it reads any of the reply.
/// </summary>
public static class ContentSpool
{
    public const int MemoryLimit = 8 << 20;

    /// <summary>Reads <paramref name="head"/> and then all of <paramref name="rest"/>; returns a stream over all of it, at position 0.</summary>
    public static Stream Spool(ReadOnlySpan<byte> head, Stream rest, string temporaryDirectory)
    {
        var memory = new MemoryStream();
        memory.Write(head);
        byte[] buffer = new byte[81920];
        int n;
        while (memory.Length <= MemoryLimit && (n = rest.Read(buffer)) > 0)
        {
            memory.Write(buffer, 0, n);
        }
        if (memory.Length <= MemoryLimit)
        {
            memory.Position = 0;
            return memory;
        }

        Directory.CreateDirectory(temporaryDirectory);
        string path = Path.Combine(temporaryDirectory, $"{Environment.ProcessId}-{Guid.NewGuid():N}.spool");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            memory.Position = 0;
            memory.CopyTo(file);
            rest.CopyTo(file, 1 << 20);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
