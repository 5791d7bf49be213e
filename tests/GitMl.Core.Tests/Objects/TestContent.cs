using System.Security.Cryptography;
using GitMl.Protocol.PktLine;

namespace GitMl.Core.Tests.Objects;

internal static class TestContent
{
    public static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The expected id, computed without the store.</summary>
    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>
/// A non-seekable read stream that returns uneven amounts per call and, optionally, throws once a given
/// number of bytes has been served: a pipe that breaks, or git's stream ending mid-content.
/// </summary>
internal sealed class ChunkyStream(byte[] data, int failAfter = -1, Exception? failure = null) : ReadOnlyTestStream
{
    private readonly Random _random = new(data.Length);
    private int _position;

    public int ReadCalls { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        if (failAfter >= 0 && _position >= failAfter)
        {
            throw failure ?? new ProtocolException("end of stream before the flush packet that ends the content");
        }
        int limit = failAfter >= 0 ? failAfter : data.Length;
        int n = Math.Min(Math.Min(buffer.Length, _random.Next(1, 300_000)), limit - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
