namespace GitMl.Storage.S3;

/// <summary>How an object is cut into multipart-upload parts.</summary>
internal static class S3PartPlan
{
    private const int Mebibyte = 1024 * 1024;

    /// <summary>
    /// The part size for an object of <paramref name="length"/> bytes: the configured one, raised (to whole MiB) when
    /// the object would otherwise need more than S3's 10,000 parts (a 200 GiB object with 16 MiB parts would).
    /// </summary>
    public static int PartSize(long length, int configured)
    {
        var smallestAllowed = (length + S3StoreOptions.MaxParts - 1) / S3StoreOptions.MaxParts;
        if (smallestAllowed <= configured)
        {
            return configured;
        }

        var rounded = (smallestAllowed + Mebibyte - 1) / Mebibyte * Mebibyte;
        if (rounded > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The object is too large for one S3 multipart upload.");
        }

        return (int)rounded;
    }
}
