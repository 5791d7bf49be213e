using System.Buffers;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.Azure;

/// <summary>
/// Writes one blob: a single Put Blob up to the threshold, staged blocks and a block list above it. Either way the
/// blob appears (or changes) only when complete: Put Blob is atomic, and staged blocks stay invisible until
/// Commit Block List. At most one block is in memory, and nothing is published unless the bytes read match the
/// key's SHA-256. Each request body carries its Content-MD5, which Azure (and Azurite) check.
/// </summary>
/// <remarks>
/// Two writers of one key: a commit discards every uncommitted block of the blob, the other writer's too, whose
/// own commit then fails with InvalidBlockList. Since the key names the content, a blob of the right length under
/// it is the same object, and that writer's upload counts as done (see <see cref="CommitAsync"/>).
/// No conditional create (If-None-Match: *): keys are content hashes, so an overwrite writes the same bytes, and a
/// reader sees the old or the new copy, never a mix. The blocks of a failed upload are never committed; Azure
/// discards uncommitted blocks after a week (there is no call to discard them sooner).
/// </remarks>
internal sealed class AzureUploader(BlobContainerClient container, AzureStoreOptions options)
{
    // CRC64 would be cheaper, but the SDK sends it as a "structured message" body that Azurite 3.37.0 does not
    // understand (the SDK then fails with "Response does not acknowledge structured message was sent").
    private static readonly UploadTransferValidationOptions Md5 = new() { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 };

    public Task PutAsync(string blobName, VerifiedContentReader content, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(blobName);
        return content.Length <= options.SingleUploadThreshold
            ? PutSingleAsync(blob, content, cancellationToken)
            : PutBlocksAsync(blob, content, cancellationToken);
    }

    private static async Task PutSingleAsync(BlockBlobClient blob, VerifiedContentReader content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)content.Length);
        try
        {
            var filled = await content.ReadChunkAsync(buffer, cancellationToken);
            content.VerifyComplete();
            using var body = new MemoryStream(buffer, 0, filled, writable: false);
            await blob.UploadAsync(body, new BlobUploadOptions { TransferValidation = Md5 }, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CommitAsync(BlockBlobClient blob, List<string> blocks, long length, CancellationToken cancellationToken)
    {
        try
        {
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions(), cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "InvalidBlockList")
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (existing.Value.ContentLength != length)
            {
                throw;
            }
        }
    }

    private async Task PutBlocksAsync(BlockBlobClient blob, VerifiedContentReader content, CancellationToken cancellationToken)
    {
        var blockSize = ChunkPlan.ChunkSize(content.Length, options.BlockSize, AzureStoreOptions.MaxBlocks);
        var upload = Guid.NewGuid();
        var blocks = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            while (content.Remaining > 0)
            {
                var filled = await content.ReadChunkAsync(buffer.AsMemory(0, blockSize), cancellationToken);
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var id = AzureBlockIds.For(upload, blocks.Count);
                await blob.StageBlockAsync(id, body, new BlockBlobStageBlockOptions { TransferValidation = Md5 }, cancellationToken);
                blocks.Add(id);
            }

            // Azure checks each block's MD5, not the whole blob against its SHA-256, so that check is local: the read
            // of the last block threw if the content was wrong, before that block was staged. This asserts it
            // happened before the blob is made to appear.
            content.VerifyComplete();
            await CommitAsync(blob, blocks, content.Length, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
