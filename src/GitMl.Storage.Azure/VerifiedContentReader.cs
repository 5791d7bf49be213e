using System.Security.Cryptography;

namespace GitMl.Storage.Azure;

/// <summary>
/// Reads exactly the announced number of bytes of an object being uploaded, hashing them on the way, so the
/// uploader can refuse to publish an object whose bytes do not match its key's SHA-256 (a local file that changed
/// or went bad between hashing and upload). This holds on every server, also those that ignore checksum headers.
/// </summary>
/// <remarks>The same class lives in GitMl.Storage.S3: adapters depend on GitMl.Storage only, not on each other.</remarks>
internal sealed class VerifiedContentReader(string store, string key, Stream content, long length, ReadOnlyMemory<byte> sha256) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private readonly long _length = length;

    public long Remaining { get; private set; } = length;

    /// <summary>Fills <paramref name="buffer"/> (or what remains of the object) and returns how many bytes it holds.</summary>
    public async Task<int> ReadChunkAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, Remaining);
        var filled = 0;
        while (filled < wanted)
        {
            var read = await content.ReadAsync(buffer[filled..wanted], cancellationToken);
            if (read == 0)
            {
                throw new StorageException(
                    $"{store}: content for '{key}' ended after {_length - Remaining + filled} of {_length} bytes; nothing was stored.",
                    isTransient: false);
            }

            filled += read;
        }

        _hash.AppendData(buffer.Span[..filled]);
        Remaining -= filled;
        return filled;
    }

    /// <summary>Throws unless every byte was read and their SHA-256 is the expected one.</summary>
    public void VerifyComplete()
    {
        if (Remaining != 0)
        {
            throw new InvalidOperationException($"{Remaining} bytes of '{key}' were not read yet.");
        }

        Span<byte> actual = stackalloc byte[32];
        _hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(sha256.Span))
        {
            throw new StorageException(
                $"{store}: content for '{key}' does not match its SHA-256 (expected {Convert.ToHexStringLower(sha256.Span)}, "
                + $"read {Convert.ToHexStringLower(actual)}): the local copy changed or is damaged; nothing was stored.",
                isTransient: false);
        }
    }

    public void Dispose() => _hash.Dispose();
}
