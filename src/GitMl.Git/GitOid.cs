using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GitMl.Git;

/// <summary>
/// A git object id (40 lowercase hex digits for SHA-1, 64 for SHA-256) held as its bytes: reading 10,000 index entries
/// or pointer-cache lines makes no string per id (a megabyte per `git ml status`), and a lookup by id hashes four
/// numbers. The default value is no id (<see cref="HasValue"/> false). Only the lowercase form git writes is accepted,
/// so an id reads back as the text it came from (<see cref="ToString"/>).
/// </summary>
public readonly record struct GitOid
{
    private static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    // The id's bytes, big-endian in four parts (a SHA-1 leaves the last four bytes zero); its length in bytes, 0 for none.
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;
    private readonly byte _length;

    private GitOid(ReadOnlySpan<byte> bytes, int length)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
        _length = (byte)length;
    }

    /// <summary>Whether this is an id (the default value is none).</summary>
    public bool HasValue => _length != 0;

    /// <summary>The id as ASCII hex (as git writes it, and as caches under .git/ml hold it).</summary>
    public static bool TryParse(ReadOnlySpan<byte> hex, out GitOid oid)
    {
        oid = default;
        if (hex.Length is not (40 or 64) || hex.ContainsAnyExcept(LowerHex))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        Convert.FromHexString(hex, bytes, out _, out _);
        oid = new GitOid(bytes, hex.Length / 2);
        return true;
    }

    /// <summary>The id as a string: its ASCII bytes read as <see cref="TryParse(ReadOnlySpan{byte}, out GitOid)"/> reads them.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out GitOid oid)
    {
        oid = default;
        Span<byte> ascii = stackalloc byte[64];
        return hex.Length is 40 or 64 && Ascii.FromUtf16(hex, ascii, out int written) == OperationStatus.Done
            && TryParse(ascii[..written], out oid);
    }

    /// <summary>The id of a hash of 20 (SHA-1) or 32 (SHA-256) bytes.</summary>
    public static GitOid FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length is not (20 or 32))
        {
            throw new ArgumentException("a git object id is 20 or 32 bytes", nameof(hash));
        }
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        hash.CopyTo(bytes);
        return new GitOid(bytes, hash.Length);
    }

    /// <summary>The id's length in bytes (20 or 32), 0 for none.</summary>
    public int Length => _length;

    /// <summary>Writes the id's <see cref="Length"/> bytes at the start of <paramref name="hash"/>.</summary>
    public void WriteBytes(Span<byte> hash)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], _d);
        bytes[.._length].CopyTo(hash);
    }

    /// <summary>The id as git writes it; empty for none.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes[.._length]);
    }
}
