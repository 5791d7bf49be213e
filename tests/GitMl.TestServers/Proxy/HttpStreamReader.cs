using System.Text;

namespace GitMl.TestServers;

/// <summary>Buffered reads from a connection: CRLF-terminated lines for heads, then exact byte counts for bodies.</summary>
internal sealed class HttpStreamReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next line without its CRLF; null at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : throw new IOException("connection ended in the middle of a line");
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.Append(Encoding.ASCII.GetString(_buffer, _start, stop - _start));
            _start = newline < 0 ? _end : newline + 1;
            if (newline >= 0)
            {
                return line.ToString().TrimEnd('\r');
            }
        }
    }

    /// <summary>Reads up to <paramref name="max"/> bytes (at least one); an empty result is the end of the stream.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadSomeAsync(long max, CancellationToken cancellationToken)
    {
        if (_start == _end && !await FillAsync(cancellationToken))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var count = (int)Math.Min(max, _end - _start);
        var chunk = _buffer.AsMemory(_start, count);
        _start += count;
        return chunk;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
