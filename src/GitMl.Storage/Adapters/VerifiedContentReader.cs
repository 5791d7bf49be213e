using System.Security.Cryptography;

namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: reads exactly the announced number of bytes of an object being uploaded, in
/// chunks, hashing them on the way, so the backend can refuse to publish an object whose bytes do not match its
/// SHA-256 (a local file that changed or went bad between hashing and upload). This holds on every server, also
/// those that ignore checksum headers. It never reads past the announced length, and never disposes the content.
/// </summary>
public sealed class VerifiedContentReader : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _store;
    private readonly string _key;
    private readonly Stream _content;
    private readonly ReadOnlyMemory<byte> _sha256;

    /// <summary>Checks <see cref="IBlobStore.PutAsync"/>'s arguments, so a backend can make it before any request.</summary>
    /// <param name="store">The store's description, for messages.</param>
    /// <exception cref="ArgumentException">No content, a negative length, or a SHA-256 that is not 32 bytes.</exception>
    public VerifiedContentReader(string store, string key, Stream content, long length, ReadOnlyMemory<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 has {SHA256.HashSizeInBytes} bytes, not {sha256.Length}.", nameof(sha256));
        }

        _store = store;
        _key = key;
        _content = content;
        _sha256 = sha256;
        Length = length;
        Remaining = length;
    }

    /// <summary>The announced length of the object.</summary>
    public long Length { get; }

    /// <summary>Bytes not read yet.</summary>
    public long Remaining { get; private set; }

    /// <summary>Fills <paramref name="buffer"/> (or what remains of the object) and returns how many bytes it holds.</summary>
    public async Task<int> ReadChunkAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, Remaining);
        var filled = 0;
        while (filled < wanted)
        {
            var read = await _content.ReadAsync(buffer[filled..wanted], cancellationToken);
            if (read == 0)
            {
                throw new StorageException(
                    $"{_store}: content for '{_key}' ended after {Length - Remaining + filled} of {Length} bytes; nothing was stored.",
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
            throw new InvalidOperationException($"{Remaining} bytes of '{_key}' were not read yet.");
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(actual);
        if (!actual.SequenceEqual(_sha256.Span))
        {
            throw new StorageException(
                $"{_store}: content for '{_key}' does not match its SHA-256 (expected {Convert.ToHexStringLower(_sha256.Span)}, "
                + $"read {Convert.ToHexStringLower(actual)}): the local copy changed or is damaged; nothing was stored.",
                isTransient: false);
        }
    }

    public void Dispose() => _hash.Dispose();
}
