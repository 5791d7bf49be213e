using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitMl.Core.Objects;

/// <summary>
/// The content of a directory output as one object: every file's path (relative to the directory, '/'-separated),
/// object id and size, sorted by path, in one canonical text (docs/spec/ml-lock.md): one line per file,
/// "<oid> <size> <path>\n". Its own SHA-256, followed by ".dir", is the directory's hash in ml.lock, so two
/// directories with the same files have the same hash whatever order they were written in.
/// </summary>
public sealed class DirectoryManifest
{
    public sealed record Entry(string Path, ObjectId Oid, long Size);

    public DirectoryManifest(IEnumerable<Entry> entries)
    {
        Entries = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray();
        for (int i = 1; i < Entries.Count; i++)
        {
            if (Entries[i].Path == Entries[i - 1].Path)
            {
                throw new ArgumentException($"'{Entries[i].Path}' is listed twice", nameof(entries));
            }
        }
        foreach (var entry in Entries)
        {
            if (entry.Path.Length == 0 || entry.Path.Contains('\n', StringComparison.Ordinal) || entry.Path.StartsWith('/') || entry.Path.Split('/').Any(s => s is "" or "." or ".."))
            {
                throw new ArgumentException($"'{entry.Path}' cannot be a path inside a directory", nameof(entries));
            }
        }
    }

    public IReadOnlyList<Entry> Entries { get; }

    public long TotalSize => Entries.Sum(e => e.Size);

    public byte[] Encode()
    {
        var sb = new StringBuilder();
        foreach (var entry in Entries)
        {
            sb.Append(entry.Oid.Hex).Append(' ').Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(entry.Path).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The directory's hash as ml.lock records it: the manifest's SHA-256 and ".dir".</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encode())) + ".dir";

    public static DirectoryManifest Parse(ReadOnlySpan<byte> bytes)
    {
        string text = Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("a directory manifest ends with a newline");
        }
        var entries = new List<Entry>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', 3);
            if (parts.Length != 3 || !ObjectId.TryParse(parts[0], out var oid) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                throw new FormatException($"not a directory manifest line: '{line}'");
            }
            entries.Add(new Entry(parts[2], oid.Value, size));
        }
        var manifest = new DirectoryManifest(entries);
        return manifest.Encode().AsSpan().SequenceEqual(bytes)
            ? manifest
            : throw new FormatException("the directory manifest is not in canonical form (sorted, one entry per line)");
    }
}
