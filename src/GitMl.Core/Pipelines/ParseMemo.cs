using System.Buffers.Binary;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using GitMl.Core.IO;
using GitMl.Core.Pipelines.Hashing;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Remembers one parse (of the pipeline file, or of the lock file) in git-ml's folder, so that a no-op repro or
/// status of a large pipeline does not parse the same YAML again: parsing ml.yaml and ml.lock of 100 stages was a fifth
/// of such a repro, most of it in allocations.
/// </summary>
/// <remarks>
/// The parse is a pure function of the texts it read: the file itself and every file it asked for (params.yaml, the
/// files `vars` lists), including those it found missing. The memo is keyed by exactly those texts (their XxHash128,
/// with the path each was asked for), not by file stamps: a file rewritten within the same clock tick with its size
/// and times kept, renamed over, or reached through a link that now points elsewhere has other text and misses, and
/// there is no racy window to reason about. Recalling reads the same files the parse would (one small read each)
/// and stops at the first that differs. The key also holds <see cref="Kind"/> (what was parsed, and the file's
/// name) and the build of git-ml that parsed it (its version and its executable's stamp), so another build, whose
/// parser may read the same text otherwise, never takes this one's result.
/// Only successful parses are remembered: a file with an error is parsed, and its error reported, every time.
/// XxHash128 is not collision-resistant against someone crafting texts; that gains nothing here: the remembered
/// result is the parse of a text that was in the same files before, which whoever writes them could have written.
/// Kept in a file of its own per kind (binary: a header line, the key, the inputs, the payload, then the
/// <see cref="CacheChecksum"/> of everything before it); a file that is missing, torn, of another version, larger
/// than <see cref="MaxBytes"/> or whose payload does not decode is ignored and rewritten: it is only a cache, and its
/// bytes are read as hostile input. Written atomically, not flushed; failing to write it is not an error.
/// </remarks>
public sealed class ParseMemo
{
    private static readonly byte[] Header = "git-ml parse memo 1\n"u8.ToArray();
    private static readonly Lazy<string> Build = new(BuildIdentity);
    private const int HashLength = 16;

    /// <summary>A memo this large is not read (nor written): a pipeline that big is parsed each time.</summary>
    public const int MaxBytes = 32 << 20;

    private readonly string _path;

    public ParseMemo(string path, string kind)
    {
        _path = path;
        Kind = kind;
    }

    /// <summary>What was parsed ("pipeline ml.yaml", "lock ml.lock"): part of the key.</summary>
    public string Kind { get; }

    /// <summary>The memo of the pipeline file's parse, in the repository's git-ml folder.</summary>
    public static ParseMemo ForPipeline(MlRepository repo, string pipelineFile) =>
        new(Path.Combine(repo.Store.Root, "pipeline-memo-1"), "pipeline " + pipelineFile);

    /// <summary>The memo of the lock file's parse, in the repository's git-ml folder.</summary>
    public static ParseMemo ForLock(MlRepository repo, string lockFileName) =>
        new(Path.Combine(repo.Store.Root, "lock-memo-1"), "lock " + lockFileName);

    /// <summary>
    /// The payload remembered for <paramref name="text"/> when every other input it was parsed with still reads as it
    /// did (<paramref name="read"/> is the parse's own reader: null for a missing file); otherwise null.
    /// </summary>
    public byte[]? Recall(string text, Func<string, string?> read)
    {
        if (Load() is not { } bytes)
        {
            return null;
        }
        try
        {
            var reader = new MemoReader(bytes);
            if (reader.String() != Kind || reader.String() != Build.Value || !reader.Bytes(HashLength).SequenceEqual(Hash(text)))
            {
                return null;
            }
            int inputs = reader.Count();
            for (int i = 0; i < inputs; i++)
            {
                string path = reader.String();
                bool present = reader.Byte() != 0;
                var expected = reader.Bytes(present ? HashLength : 0);
                string? now = read(path);
                if ((now is not null) != present || (now is not null && !expected.SequenceEqual(Hash(now))))
                {
                    return null;
                }
            }
            return reader.Bytes(reader.Count()).ToArray();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Remembers <paramref name="payload"/> as the parse of <paramref name="text"/> with <paramref name="reads"/> (each file the parse asked for, in order, with what it read).</summary>
    public void Remember(string text, IReadOnlyList<KeyValuePair<string, string?>> reads, ReadOnlySpan<byte> payload)
    {
        using var stream = new MemoryStream();
        stream.Write(Header);
        var writer = new MemoWriter(stream);
        writer.String(Kind);
        writer.String(Build.Value);
        stream.Write(Hash(text));
        writer.Count(reads.Count);
        foreach (var (path, content) in reads)
        {
            writer.String(path);
            stream.WriteByte(content is null ? (byte)0 : (byte)1);
            if (content is not null)
            {
                stream.Write(Hash(content));
            }
        }
        writer.Count(payload.Length);
        stream.Write(payload);
        if (stream.Length + CacheChecksum.Length > MaxBytes)
        {
            return;
        }
        stream.Write(CacheChecksum.Of(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        try
        {
            AtomicFile.WriteAllBytes(_path, stream.GetBuffer().AsSpan(0, (int)stream.Length), flushToDisk: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only repository, a full disk: the next run parses again.
        }
    }

    /// <summary>The memo's bytes after its header, up to the checksum, when the file is whole; otherwise null.</summary>
    private byte[]? Load()
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (stream.Length > MaxBytes || stream.Length < Header.Length + CacheChecksum.Length)
            {
                return null;
            }
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        int end = bytes.Length - CacheChecksum.Length;
        return bytes.AsSpan().StartsWith(Header) && CacheChecksum.Matches(bytes.AsSpan(0, end), bytes.AsSpan(end))
            ? bytes[Header.Length..end]
            : null;
    }

    private static byte[] Hash(string text) => XxHash128.Hash(MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>git-ml's version and its executable's stamp: a rebuilt or upgraded git-ml does not take an older parse.</summary>
    private static string BuildIdentity()
    {
        string version = typeof(ParseMemo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        string? executable = Environment.ProcessPath;
        var stamp = executable is null ? null : FileStamp.Of(executable);
        return $"{version}\n{executable}\n{stamp?.Size} {stamp?.MtimeNs} {stamp?.CtimeNs} {stamp?.Inode} {stamp?.Device}";
    }
}

/// <summary>Writes what <see cref="MemoReader"/> reads: counts as 32-bit little-endian, strings as UTF-8 after their byte count.</summary>
internal readonly struct MemoWriter(Stream stream)
{
    public void Count(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        stream.Write(b);
    }

    /// <summary>A number that is not a count (a line number, a file count).</summary>
    public void Int(int value) => Long(value);

    public void Long(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        stream.Write(b);
    }

    public void Byte(byte value) => stream.WriteByte(value);

    public void Bool(bool value) => stream.WriteByte(value ? (byte)1 : (byte)0);

    public void String(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Count(length);
        Span<byte> b = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, b);
        stream.Write(b);
    }

    /// <summary>A string or null (a flag byte first).</summary>
    public void NullableString(string? value)
    {
        Bool(value is not null);
        if (value is not null)
        {
            String(value);
        }
    }
}

/// <summary>
/// Reads a memo's bytes, which may be hostile: every length and count is checked against what is left (a count
/// cannot ask for more items than there are bytes), and anything out of place is a <see cref="FormatException"/>.
/// </summary>
internal sealed class MemoReader(byte[] bytes)
{
    private int _at;

    public bool AtEnd => _at == bytes.Length;

    public ReadOnlySpan<byte> Bytes(int length)
    {
        if (length < 0 || length > bytes.Length - _at)
        {
            throw new FormatException("the memo runs past its end");
        }
        _at += length;
        return bytes.AsSpan(_at - length, length);
    }

    /// <summary>A count of items (or bytes) to come: never more than the bytes left, so it can size nothing absurd.</summary>
    public int Count()
    {
        int count = BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));
        return count >= 0 && count <= bytes.Length - _at ? count : throw new FormatException("a count runs past the memo's end");
    }

    public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

    public int Int() => Long() is var value and >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException("not a 32-bit number");

    public byte Byte() => Bytes(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        _ => throw new FormatException("not a flag"),
    };

    public string String()
    {
        var utf8 = Bytes(Count());
        return Encoding.UTF8.GetString(utf8);
    }

    public string? NullableString() => Bool() ? String() : null;
}
