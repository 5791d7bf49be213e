using System.Security.Cryptography;

namespace GitMl.Core.Runs;

/// <summary>
/// A run's identity: 32 lowercase hex digits (128 random bits, as MLflow's run ids), unique without coordination, so
/// runs recorded at once on different machines never collide. Users may type any unambiguous prefix of four or more.
/// </summary>
public readonly record struct RunId
{
    public const int Length = 32;

    public const int MinimumPrefix = 4;

    public const int ShortLength = 8;

    private readonly string? _hex;

    private RunId(string hex) => _hex = hex;

    public string Hex => _hex ?? throw new InvalidOperationException("default RunId has no value");

    public string Short => Hex[..ShortLength];

    public static RunId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2)));

    public static bool TryParse(string? text, out RunId id)
    {
        id = default;
        if (text is not { Length: Length } || !IsHex(text))
        {
            return false;
        }
        id = new RunId(text);
        return true;
    }

    /// <exception cref="FormatException">Not 32 lowercase hex digits.</exception>
    public static RunId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a run id (32 lowercase hex digits)");

    /// <summary>Whether <paramref name="prefix"/> could name a run: 4 to 32 lowercase hex digits.</summary>
    public static bool IsValidPrefix(string prefix) => prefix.Length is >= MinimumPrefix and <= Length && IsHex(prefix);

    public bool StartsWith(string prefix) => Hex.StartsWith(prefix, StringComparison.Ordinal);

    public override string ToString() => Hex;

    private static bool IsHex(string text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }
}
