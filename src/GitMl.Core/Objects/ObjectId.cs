using System.Diagnostics.CodeAnalysis;

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

    public static bool IsValidHex(ReadOnlySpan<char> hex)
    {
        if (hex.Length != HexLength)
        {
            return false;
        }
        foreach (char c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
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
