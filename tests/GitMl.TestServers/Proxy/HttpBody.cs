using System.Globalization;
using System.Text;

namespace GitMl.TestServers;

/// <summary>Moves an HTTP/1.1 message body from a reader to a stream, by the framing its head declares.</summary>
internal static class HttpBody
{
    /// <summary>
    /// Copies the body that follows <paramref name="head"/> (Content-Length, chunked, or none for a request without
    /// either). A response with neither is read to the end of the connection; then it returns false.
    /// </summary>
    public static async Task<bool> CopyAsync(HttpHead head, HttpStreamReader from, Stream to, CancellationToken cancellationToken)
    {
        if (head.IsChunked)
        {
            await CopyChunkedAsync(from, to, cancellationToken);
            return true;
        }

        if (head.ContentLength is { } length)
        {
            await CopyLengthAsync(from, to, length, flipAt: null, cancellationToken);
            return true;
        }

        if (head.StartLine.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            await CopyLengthAsync(from, to, long.MaxValue, flipAt: null, cancellationToken, untilEnd: true);
            return false;
        }

        return true; // a request without a body
    }

    /// <summary>Copies <paramref name="count"/> bytes, inverting the one at <paramref name="flipAt"/> when given.</summary>
    public static async Task CopyLengthAsync(HttpStreamReader from, Stream to, long count, long? flipAt, CancellationToken cancellationToken, bool untilEnd = false)
    {
        long copied = 0;
        while (copied < count)
        {
            var chunk = await from.ReadSomeAsync(count - copied, cancellationToken);
            if (chunk.IsEmpty)
            {
                if (untilEnd)
                {
                    return;
                }

                throw new IOException($"the body ended after {copied} of {count} bytes");
            }

            if (flipAt is { } at && at >= copied && at < copied + chunk.Length)
            {
                var copy = chunk.ToArray();
                copy[at - copied] ^= 0xFF;
                chunk = copy;
            }

            await to.WriteAsync(chunk, cancellationToken);
            copied += chunk.Length;
        }
    }

    private static async Task CopyChunkedAsync(HttpStreamReader from, Stream to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var sizeLine = await from.ReadLineAsync(cancellationToken) ?? throw new IOException("chunked body ended early");
            await to.WriteAsync(Encoding.ASCII.GetBytes(sizeLine + "\r\n"), cancellationToken);
            var size = long.Parse(sizeLine.Split(';', 2)[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailers, then the empty line that ends the body.
                while (await from.ReadLineAsync(cancellationToken) is { } trailer)
                {
                    await to.WriteAsync(Encoding.ASCII.GetBytes(trailer + "\r\n"), cancellationToken);
                    if (trailer.Length == 0)
                    {
                        return;
                    }
                }

                throw new IOException("chunked body ended early");
            }

            await CopyLengthAsync(from, to, size + 2, flipAt: null, cancellationToken); // the chunk and its CRLF
        }
    }
}
