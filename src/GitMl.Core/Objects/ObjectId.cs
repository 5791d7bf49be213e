using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using GitMl.Git;

namespace GitMl.Core.Objects;

/// <summary>
/// The identity of stored content: the SHA-256 of its bytes, as 64 lowercase hex digits. Parsing accepts exactly
/// that form and nothing else, so an id can safely become part of a file path.
/// Held as the hash's 32 bytes, not as its text: `git ml status` keeps an id per tracked file (10,000 of them read from
/// the pointer cache at every run), and a 64-character string each was 1.5 MB of fresh memory per run. The text is made
/// when asked for (<see cref="Hex"/>), or written where the caller wants it (<see cref="WriteHex"/>).
/// </summary>
public readonly record struct ObjectId
{
    public const int HexLength = 64;
    public const int ShortLength = 10;
    private const int ByteLength = 32;

    // The hash, held as git holds an object id (GitOid: four numbers, no string); a default ObjectId has no value.
    private readonly GitOid _hash;

    // The only characters of an id, for vectorized checks: status checks 10,000 ids read from its pointer cache per run.
    private static readonly SearchValues<char> LowerHexChars = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<byte> LowerHexBytes = SearchValues.Create("0123456789abcdef"u8);

    private ObjectId(ReadOnlySpan<byte> hash) => _hash = GitOid.FromBytes(hash);

    /// <summary>The id of empty content (the SHA-256 of no bytes).</summary>
    public static readonly ObjectId Empty = Parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /// <summary>The id's text, made anew at each call: keep it when it is needed more than once.</summary>
    public string Hex
    {
        get
        {
            Span<byte> hash = stackalloc byte[ByteLength];
            WriteHash(hash);
            return Convert.ToHexStringLower(hash);
        }
    }

    /// <summary>The first ten hex digits, for listings meant for people.</summary>
    public string Short
    {
        get
        {
            Span<byte> hash = stackalloc byte[ByteLength];
            WriteHash(hash);
            return Convert.ToHexStringLower(hash[..(ShortLength / 2)]);
        }
    }

    /// <summary>Writes the id's text as 64 ASCII bytes at the start of <paramref name="ascii"/>, making no string.</summary>
    public void WriteHex(Span<byte> ascii)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        WriteHash(hash);
        if (!Convert.TryToHexStringLower(hash, ascii, out _))
        {
            throw new ArgumentException("an id's text takes 64 bytes", nameof(ascii));
        }
    }

    private void WriteHash(Span<byte> hash)
    {
        if (!_hash.HasValue)
        {
            throw new InvalidOperationException("default ObjectId has no value");
        }
        _hash.WriteBytes(hash);
    }

    public static ObjectId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != ByteLength)
        {
            throw new ArgumentException("a SHA-256 hash is 32 bytes", nameof(sha256));
        }
        return new ObjectId(sha256);
    }

    public static bool IsValidHex(ReadOnlySpan<char> hex) => hex.Length == HexLength && !hex.ContainsAnyExcept(LowerHexChars);

    /// <summary>Whether <paramref name="ascii"/> is an id's text as ASCII bytes (as caches under .git/ml hold it).</summary>
    public static bool IsValidHex(ReadOnlySpan<byte> ascii) => ascii.Length == HexLength && !ascii.ContainsAnyExcept(LowerHexBytes);

    /// <summary>The id whose text <paramref name="ascii"/> holds as ASCII bytes, checked as <see cref="TryParse(string?, out ObjectId?)"/> checks a string.</summary>
    public static bool TryParse(ReadOnlySpan<byte> ascii, out ObjectId id)
    {
        id = default;
        if (!IsValidHex(ascii))
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[ByteLength];
        Convert.FromHexString(ascii, hash, out _, out _);
        id = new ObjectId(hash);
        return true;
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out ObjectId? id)
    {
        id = null;
        if (hex is null || !IsValidHex(hex))
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[ByteLength];
        Convert.FromHexString(hex, hash, out _, out _);
        id = new ObjectId(hash);
        return true;
    }

    public static ObjectId Parse(string hex) =>
        TryParse(hex, out var id)
            ? id.Value
            : throw new FormatException($"'{hex}' is not an object id: expected 64 lowercase hex digits (a SHA-256)");

    public override string ToString() => Hex;
}
