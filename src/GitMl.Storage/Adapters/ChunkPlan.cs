namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends that upload large objects in chunks (S3's multipart parts, Azure's staged blocks),
/// each service with its own limit on the number of chunks per object.
/// </summary>
public static class ChunkPlan
{
    private const int Mebibyte = 1024 * 1024;

    /// <summary>
    /// The chunk size for an object of <paramref name="length"/> bytes: the configured one, raised (to whole MiB) when
    /// the object would otherwise need more than <paramref name="maxChunks"/> chunks (a 200 GiB object in 16 MiB
    /// parts would need more than S3's 10,000).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Even chunks of the largest array size would be too many.</exception>
    public static int ChunkSize(long length, int configured, int maxChunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(configured);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChunks);
        var smallestAllowed = DivideRoundingUp(length, maxChunks);
        if (smallestAllowed <= configured)
        {
            return configured;
        }

        var mebibytes = DivideRoundingUp(smallestAllowed, Mebibyte);
        return mebibytes <= Array.MaxLength / Mebibyte
            ? (int)(mebibytes * Mebibyte)
            : throw new ArgumentOutOfRangeException(nameof(length), length, $"An object of {length} bytes needs more than {maxChunks} chunks of the largest size a buffer can have.");
    }

    // Without the overflow of (n + d - 1) / d for lengths near long.MaxValue.
    private static long DivideRoundingUp(long n, long d) => (n / d) + (n % d == 0 ? 0 : 1);
}
