using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GitMl.Core.Objects;

/// <summary>
/// The identity of stored content: the SHA-256 of its bytes, as 64 lowercase hex digits. Parsing accepts exactly
/// that form and nothing else, so an id can safely become part of a file path.
/// </summary>
public readonly record struct ObjectId
{
    public const int HexLength = 64;
    public const int ShortLength = 10;

    private readonly string _hex;

    // The only characters of an id, for vectorized checks: status checks 10,000 ids read from its pointer cache per run.
    private static readonly SearchValues<char> LowerHexChars = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<byte> LowerHexBytes = SearchValues.Create("0123456789abcdef"u8);

    private ObjectId(string hex) => _hex = hex;

    /// <summary>The id of empty content (the SHA-256 of no bytes).</summary>
    public static readonly ObjectId Empty = new("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    public string Hex => _hex ?? throw new InvalidOperationException("default ObjectId has no value");

    /// <summary>The first ten hex digits, for listings meant for people.</summary>
    public string Short => Hex[..ShortLength];

    public static ObjectId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("a SHA-256 hash is 32 bytes", nameof(sha256));
        }
        return new ObjectId(Convert.ToHexStringLower(sha256));
    }

    public static bool IsValidHex(ReadOnlySpan<char> hex) => hex.Length == HexLength && !hex.ContainsAnyExcept(LowerHexChars);

    /// <summary>Whether <paramref name="ascii"/> is an id's text as ASCII bytes (as caches under .git/ml hold it).</summary>
    public static bool IsValidHex(ReadOnlySpan<byte> ascii) => ascii.Length == HexLength && !ascii.ContainsAnyExcept(LowerHexBytes);

    /// <summary>Whether <paramref name="ascii"/> holds only lowercase hex digits, whatever its length (a git blob id, say).</summary>
    public static bool IsLowerHex(ReadOnlySpan<byte> ascii) => !ascii.ContainsAnyExcept(LowerHexBytes);

    /// <summary>The id whose text <paramref name="ascii"/> holds as ASCII bytes, checked as <see cref="TryParse(string?, out ObjectId?)"/> checks a string.</summary>
    public static bool TryParse(ReadOnlySpan<byte> ascii, out ObjectId id)
    {
        id = IsValidHex(ascii) ? new ObjectId(Encoding.ASCII.GetString(ascii)) : default;
        return id._hex is not null;
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out ObjectId? id)
    {
        id = hex is not null && IsValidHex(hex) ? new ObjectId(hex) : null;
        return id is not null;
    }

    public static ObjectId Parse(string hex) =>
        TryParse(hex, out var id)
            ? id.Value
            : throw new FormatException($"'{hex}' is not an object id: expected 64 lowercase hex digits (a SHA-256)");

    public override string ToString() => Hex;
}
