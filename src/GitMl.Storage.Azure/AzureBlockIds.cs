namespace GitMl.Storage.Azure;

/// <summary>What the staged blocks of an upload are called.</summary>
internal static class AzureBlockIds
{
    /// <summary>
    /// The id of block <paramref name="index"/> of one upload: the upload's own random id plus the index, base64
    /// (Azure wants ids of one length per blob). Two writers of the same key never stage under each other's ids,
    /// so a block list commits exactly the blocks its own writer staged, even when the writers' block sizes differ.
    /// </summary>
    public static string For(Guid upload, int index)
    {
        Span<byte> id = stackalloc byte[20];
        upload.TryWriteBytes(id);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(id[16..], index);
        return Convert.ToBase64String(id);
    }
}
