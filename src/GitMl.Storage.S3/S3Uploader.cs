using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.S3;

/// <summary>
/// Writes one object: a single PutObject up to the multipart threshold, a multipart upload above it. Either way the
/// object appears under its key only when complete (S3 publishes a multipart object at CompleteMultipartUpload),
/// at most one part is in memory, and nothing is published unless the bytes read match the key's SHA-256.
/// </summary>
internal sealed class S3Uploader(IAmazonS3 client, S3StoreOptions options)
{
    // An abandoned multipart upload keeps its parts (and costs storage) until aborted; the abort gets its own time.
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(30);

    /// <param name="sha256">The content's announced SHA-256, which S3 itself checks on a single PutObject.</param>
    public Task PutAsync(string objectKey, VerifiedContentReader content, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken) =>
        content.Length <= options.MultipartThreshold
            ? PutSingleAsync(objectKey, content, sha256, cancellationToken)
            : PutMultipartAsync(objectKey, content, cancellationToken);

    private async Task PutSingleAsync(string objectKey, VerifiedContentReader content, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)content.Length);
        try
        {
            var filled = await content.ReadChunkAsync(buffer, cancellationToken);
            content.VerifyComplete();

            using var body = new MemoryStream(buffer, 0, filled, writable: false);
            var request = new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = objectKey,
                InputStream = body,
                AutoCloseStream = false,

                // S3 checks the stored bytes against the key's SHA-256 and refuses a mismatch. s3rver 3.7.1 ignores this
                // header (it checks no checksum at all), so sending it is harmless there; the local check above covers it.
                ChecksumSHA256 = Convert.ToBase64String(sha256.Span),
            };
            PreferPlainBody(request);
            await client.PutObjectAsync(request, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutMultipartAsync(string objectKey, VerifiedContentReader content, CancellationToken cancellationToken)
    {
        var partSize = ChunkPlan.ChunkSize(content.Length, options.PartSize, S3StoreOptions.MaxParts);
        var created = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey }, cancellationToken);
        var uploadId = created.UploadId;
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var parts = new List<PartETag>();
            while (content.Remaining > 0)
            {
                var filled = await content.ReadChunkAsync(buffer.AsMemory(0, partSize), cancellationToken);
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var request = new UploadPartRequest
                {
                    BucketName = options.Bucket,
                    Key = objectKey,
                    UploadId = uploadId,
                    PartNumber = parts.Count + 1,
                    PartSize = filled,
                    InputStream = body,
                    IsLastPart = content.Remaining == 0,
                };
                PreferPlainBody(request);
                var uploaded = await client.UploadPartAsync(request, cancellationToken);
                parts.Add(new PartETag(parts.Count + 1, uploaded.ETag));
            }

            // S3 cannot check a whole-object SHA-256 of a multipart upload (each part's body is checked by its SigV4
            // payload hash), so the check is local: the read of the last part threw if the content was wrong, before
            // that part was sent. This asserts it happened before the object is made to appear.
            content.VerifyComplete();
            await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, UploadId = uploadId, PartETags = parts },
                cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(objectKey, uploadId);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A plain body with a Content-Length. The SDK's default is an aws-chunked body (with a trailing checksum) that
    /// S3-compatible servers such as s3rver do not decode: they store the chunk framing as part of the object.
    /// The body is a MemoryStream, so the SDK can hash it for the SigV4 signature without buffering it again.
    /// </summary>
    private static void PreferPlainBody(PutObjectRequest request) => request.UseChunkEncoding = false;

    private static void PreferPlainBody(UploadPartRequest request) => request.UseChunkEncoding = false;

    private async Task AbortQuietlyAsync(string objectKey, string uploadId)
    {
        using var timeout = new CancellationTokenSource(AbortTimeout);
        try
        {
            await client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = objectKey, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception e) when (S3ErrorMapper.IsStorageFailure(e, CancellationToken.None))
        {
            // The original failure is what the caller needs to see. A bucket lifecycle rule
            // (AbortIncompleteMultipartUpload) cleans up what a failed abort leaves behind.
        }
    }
}
