namespace GitMl.Storage.Azure;

/// <summary>How an object is cut into staged blocks, and what the blocks are called.</summary>
internal static class AzureBlockPlan
{
    private const int Mebibyte = 1024 * 1024;

    /// <summary>The configured block size, raised (to whole MiB) when the object would otherwise need more than 50,000 blocks.</summary>
    public static int BlockSize(long length, int configured)
    {
        var smallestAllowed = (length + AzureStoreOptions.MaxBlocks - 1) / AzureStoreOptions.MaxBlocks;
        if (smallestAllowed <= configured)
        {
            return configured;
        }

        var rounded = (smallestAllowed + Mebibyte - 1) / Mebibyte * Mebibyte;
        return rounded <= Array.MaxLength
            ? (int)rounded
            : throw new ArgumentOutOfRangeException(nameof(length), length, "The object is too large for one Azure block blob.");
    }

    /// <summary>
    /// The id of block <paramref name="index"/> of one upload: the upload's own random id plus the index, base64
    /// (Azure wants ids of one length per blob). Two writers of the same key never stage under each other's ids,
    /// so a block list commits exactly the blocks its own writer staged, even when the writers' block sizes differ.
    /// </summary>
    public static string BlockId(Guid upload, int index)
    {
        Span<byte> id = stackalloc byte[20];
        upload.TryWriteBytes(id);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(id[16..], index);
        return Convert.ToBase64String(id);
    }
}
