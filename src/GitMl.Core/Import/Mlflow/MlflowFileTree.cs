using System.Text;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Read access to an MLflow file store that never leaves it: every path is relative to the root and built from names
/// the directory listings gave (no "..", no separators); a symbolic link is never followed, it is reported and left
/// out; a file is opened only when it is a plain file with content (special files, such as a FIFO that would block
/// forever, have no size and are read as empty without being opened) and read no further than its size; listings,
/// depth and whole-file reads are bounded by <see cref="MlflowLimits"/>. What cannot be read becomes an
/// <see cref="MlflowProblem"/>, never an exception: the import goes on with the rest.
/// </summary>
internal sealed class MlflowFileTree(string root, MlflowLimits limits, List<MlflowProblem> problems)
{
    public MlflowLimits Limits { get; } = limits;

    public static string Join(string relative, string name) => relative.Length == 0 ? name : relative + "/" + name;

    /// <summary>Whether <paramref name="relative"/> is a real directory (not a link to one).</summary>
    public bool IsDirectory(string relative) => Info(relative) is DirectoryInfo { LinkTarget: null, Exists: true };

    /// <summary>Whether <paramref name="relative"/> is a file (not a link to one).</summary>
    public bool IsFile(string relative) => Info(relative) is FileInfo { LinkTarget: null, Exists: true };

    /// <summary>The names of the real subdirectories, sorted (ordinal); links among them are reported.</summary>
    public IReadOnlyList<string> Subdirectories(string relative) =>
        List(relative).Where(e => e is DirectoryInfo).Select(e => e.Name).ToList();

    /// <summary>The names of the files, sorted (ordinal); links among them are reported.</summary>
    public IReadOnlyList<string> Files(string relative) =>
        List(relative).Where(e => e is FileInfo).Select(e => e.Name).ToList();

    /// <summary>
    /// Every file below <paramref name="relative"/>, as a '/'-separated path relative to it with its size, sorted:
    /// params/, tags/ and metrics/ keep keys with a slash ("val/loss") as folders, artifacts/ any tree. Links are
    /// reported and skipped; folders deeper than the limit, and a tree with more files than <paramref name="maxFiles"/>,
    /// are reported and left out.
    /// </summary>
    public IReadOnlyList<(string Path, long Size)> FilesBelow(string relative, int maxFiles)
    {
        var found = new List<(string, long)>();
        if (!Walk(relative, "", 1, found, maxFiles))
        {
            problems.Add(new MlflowProblem(relative, $"holds more than {maxFiles} files; none of them was imported"));
            return [];
        }
        found.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }

    /// <summary>A whole small file as UTF-8 text; null (and a problem) when it is larger than <paramref name="limit"/> or unreadable.</summary>
    public string? ReadText(string relative, int limit)
    {
        if (Info(relative) is not FileInfo { LinkTarget: null, Exists: true } file)
        {
            problems.Add(new MlflowProblem(relative, "is not a plain file (a link, or missing); skipped"));
            return null;
        }
        if (file.Length > limit)
        {
            problems.Add(new MlflowProblem(relative, $"is {file.Length} bytes, more than the {limit} read for such a file; skipped"));
            return null;
        }
        try
        {
            using var stream = Open(relative, file.Length);
            using var buffer = new MemoryStream((int)file.Length);
            stream.CopyTo(buffer);
            return new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new MlflowProblem(relative, "could not be read (permission denied, or it changed while reading); skipped"));
            return null;
        }
    }

    /// <summary>
    /// The lines of a file, read as a stream (a metric file may be long); a line longer than the limit, or more lines
    /// than <paramref name="maxLines"/>, make the whole file a problem (null).
    /// </summary>
    public List<string>? ReadLines(string relative, int maxLines)
    {
        if (Info(relative) is not FileInfo { LinkTarget: null, Exists: true } file)
        {
            problems.Add(new MlflowProblem(relative, "is not a plain file (a link, or missing); skipped"));
            return null;
        }
        var lines = new List<string>();
        try
        {
            using var stream = new BufferedStream(Open(relative, file.Length), 1 << 16);
            var line = new List<byte>(64);
            int b;
            while (true)
            {
                b = stream.ReadByte();
                if (b is -1 or '\n')
                {
                    if (line.Count > 0)
                    {
                        if (lines.Count == maxLines)
                        {
                            problems.Add(new MlflowProblem(relative, $"has more than {maxLines} lines; skipped"));
                            return null;
                        }
                        lines.Add(Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r'));
                        line.Clear();
                    }
                    if (b == -1)
                    {
                        return lines;
                    }
                    continue;
                }
                if (line.Count == Limits.MetricLineBytes)
                {
                    problems.Add(new MlflowProblem(relative, $"has a line longer than {Limits.MetricLineBytes} bytes; skipped"));
                    return null;
                }
                line.Add((byte)b);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new MlflowProblem(relative, "could not be read (permission denied, or it changed while reading); skipped"));
            return null;
        }
    }

    /// <summary>
    /// Opens a plain file for reading no more than <paramref name="size"/> bytes (its size when listed). A file of
    /// size 0 is not opened at all: special files (FIFOs, devices, sockets) have no size, and opening a FIFO blocks.
    /// </summary>
    public Stream Open(string relative, long size) =>
        size <= 0
            ? Stream.Null
            : new BoundedStream(new FileStream(Full(relative), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan), size);

    private bool Walk(string top, string below, int depth, List<(string, long)> found, int maxFiles)
    {
        foreach (var entry in List(below.Length == 0 ? top : Join(top, below)))
        {
            string path = below.Length == 0 ? entry.Name : below + "/" + entry.Name;
            if (entry.Name.Contains('\n', StringComparison.Ordinal) || entry.Name.Contains('\r', StringComparison.Ordinal))
            {
                problems.Add(new MlflowProblem(Join(top, path), "has a line break in its name, which git-ml's records cannot hold; skipped"));
                continue;
            }
            if (entry is FileInfo file)
            {
                if (found.Count == maxFiles)
                {
                    return false;
                }
                found.Add((path, file.Length));
            }
            else if (depth >= Limits.Depth)
            {
                problems.Add(new MlflowProblem(Join(top, path), $"is deeper than {Limits.Depth} folders; skipped"));
            }
            else if (!Walk(top, path, depth + 1, found, maxFiles))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The entries of a real directory, links left out (and reported), sorted by name; none when it has too many.</summary>
    private List<FileSystemInfo> List(string relative)
    {
        if (!IsDirectory(relative))
        {
            if (Info(relative) is { LinkTarget: not null })
            {
                problems.Add(new MlflowProblem(relative, "is a symbolic link; git-ml does not follow links in the imported store; skipped"));
            }
            return [];
        }
        var entries = new List<FileSystemInfo>();
        try
        {
            foreach (var entry in new DirectoryInfo(Full(relative)).EnumerateFileSystemInfos())
            {
                if (entries.Count == Limits.DirectoryEntries)
                {
                    problems.Add(new MlflowProblem(relative, $"holds more than {Limits.DirectoryEntries} entries; none of them was read"));
                    return [];
                }
                if (entry.LinkTarget is not null)
                {
                    problems.Add(new MlflowProblem(Join(relative, entry.Name), "is a symbolic link; git-ml does not follow links in the imported store; skipped"));
                    continue;
                }
                entries.Add(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new MlflowProblem(relative, "could not be listed (permission denied); skipped"));
            return [];
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    /// <summary>
    /// What is at <paramref name="relative"/>, without following a link anywhere on the way: the operating system would
    /// follow a link in the middle of a path (run/tags/KEY with tags a link), so each folder on the way is checked.
    /// </summary>
    private FileSystemInfo? Info(string relative)
    {
        int slash = relative.LastIndexOf('/');
        if (slash > 0 && !IsDirectory(relative[..slash]))
        {
            return null;
        }
        string full = Full(relative);
        var file = new FileInfo(full);
        if (file.LinkTarget is not null || file.Exists)
        {
            return file;
        }
        var directory = new DirectoryInfo(full);
        return directory.Exists ? directory : null;
    }

    private string Full(string relative) => relative.Length == 0 ? root : Path.Join(root, relative);

    /// <summary>A read-only view of the first <c>length</c> bytes of a stream, so a file that grows while read is read as listed.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        private readonly long _length = length;

        public override long Length => _length;

        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0)
            {
                return 0;
            }
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
