using System.Diagnostics;
using GitMl.Storage.IO;

namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: reads the content of an object being uploaded in chunks, exactly the announced
/// number of bytes and never more, checking them against the announced length and SHA-256 on the way, so that the
/// backend can refuse to publish an object whose bytes are wrong (a local file that changed or went bad between
/// hashing and upload). This holds on every server, also those that ignore checksum headers. The read that shows
/// the content is wrong throws <see cref="IntegrityException"/>: one that finds the end early, or the one that
/// completes the length with the wrong SHA-256, so a chunked upload fails before it sends its last chunk. It never
/// disposes the content: the caller of <see cref="IBlobStore.PutAsync"/> owns it.
/// </summary>
public sealed class VerifiedContentReader : IDisposable
{
    private readonly Stream _content;
    private readonly ContentCheck _check;

    /// <summary>Checks <see cref="IBlobStore.PutAsync"/>'s arguments, so a backend can make it before any request.</summary>
    /// <param name="store">The store's description, for messages.</param>
    /// <exception cref="ArgumentException">No content, a negative length, or a SHA-256 that is not 32 bytes.</exception>
    public VerifiedContentReader(string store, string key, Stream content, long length, ReadOnlyMemory<byte> sha256)
    {
        ArgumentNullException.ThrowIfNull(content);
        _check = new ContentCheck(store, key, length, sha256);
        _content = content;
    }

    /// <summary>The announced length of the object.</summary>
    public long Length => _check.Length;

    /// <summary>Bytes not read yet.</summary>
    public long Remaining => _check.Length - _check.Count;

    /// <summary>Fills <paramref name="buffer"/> (or what remains of the object) and returns how many bytes it holds.</summary>
    /// <exception cref="IntegrityException">The content ended early, or these bytes complete it with the wrong SHA-256.</exception>
    public async Task<int> ReadChunkAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, Remaining);
        var filled = 0;
        while (filled < wanted)
        {
            var read = await _content.ReadAsync(buffer[filled..wanted], cancellationToken);
            if (read == 0)
            {
                _check.Append(buffer.Span[..filled]);
                _check.End(); // the content ended before the announced length: this throws
                throw new UnreachableException();
            }

            filled += read;
        }

        _check.Append(buffer.Span[..filled]);
        return filled;
    }

    /// <summary>
    /// Throws unless every byte was read and verified. Only an empty object is verified here; any other was verified
    /// by the read that completed it. Call it before publishing the object.
    /// </summary>
    public void VerifyComplete()
    {
        if (Remaining != 0)
        {
            throw new InvalidOperationException($"{Remaining} bytes of the object were not read yet.");
        }

        _check.End();
    }

    public void Dispose() => _check.Dispose();
}
