using System.IO.Hashing;

namespace GitMl.Core.IO;

/// <summary>
/// The checksum that git-ml's own caches under .git/ml end with (the pointer cache, the folder cache): it tells a torn,
/// truncated or bit-flipped file from a whole one, so a damaged cache is ignored as a whole and rebuilt. It is not a
/// defence against someone who can write .git/ml (they can write any checksum, SHA-256 included): a cache is never
/// trusted further than its own contracts allow. XxHash128 rather than SHA-256 because on Linux the first SHA-256 of a
/// process loads OpenSSL (libssl and libcrypto: about 5 ms of CPU and 150 page faults), which a no-op status or repro
/// then paid for nothing but this check; XxHash128 is managed code and reads a megabyte in well under a millisecond.
/// </summary>
public static class CacheChecksum
{
    /// <summary>Bytes in a checksum.</summary>
    public const int Length = 16;

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static byte[] Of(ReadOnlySpan<byte> data) => XxHash128.Hash(data);

    /// <summary>A checksum computed piece by piece (<see cref="NonCryptographicHashAlgorithm.Append(ReadOnlySpan{byte})"/>), for a file read in pieces.</summary>
    public static NonCryptographicHashAlgorithm Incremental() => new XxHash128();

    /// <summary>Whether <paramref name="expected"/> is the checksum of <paramref name="data"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[Length];
        XxHash128.Hash(data, actual);
        return expected.Length == Length && actual.SequenceEqual(expected);
    }
}
