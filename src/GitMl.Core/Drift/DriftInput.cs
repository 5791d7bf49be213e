using System.Security.Cryptography;

namespace GitMl.Core.Drift;

/// <summary>
/// One side of a drift comparison: a display name (used in messages and to pick the format by extension, e.g.
/// <c>data/train.csv</c>), the content's sha256 when it is already known (a git-ml oid: 64 hex digits), and a way to
/// open the bytes. <paramref name="Open"/> may be called more than once (once to hash the content when
/// <paramref name="Sha256"/> is null, once to read the table); each call must return a fresh stream from the start,
/// which the caller of Open (the analyzer) disposes.
/// </summary>
/// <remarks>
/// The analyzer takes streams, not paths or model URIs, so it can be fed from the object store, the working tree or a
/// test's generator alike. Passing the hash when known saves a full read: identical hashes end the comparison at once.
/// </remarks>
public sealed record DriftInput(string Name, string? Sha256, Func<Stream> Open)
{
    /// <summary>The sha256 of the content in lowercase hex: <see cref="Sha256"/> when given, else computed by reading it.</summary>
    /// <exception cref="FormatException"><see cref="Sha256"/> is not 64 hex digits.</exception>
    public string ContentHash()
    {
        if (Sha256 is not null)
        {
            if (Sha256.Length != 64 || !Sha256.All(char.IsAsciiHexDigit))
            {
                throw new FormatException($"{Name}: '{Sha256}' is not a sha256 (64 hex digits)");
            }
            return Sha256.ToLowerInvariant();
        }
        using var stream = Open();
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
