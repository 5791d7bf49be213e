using System.Text;

namespace GitMl.TestServers;

/// <summary>
/// The start line and headers of an HTTP/1.1 message, as <see cref="FaultProxy"/> reads, inspects, edits and
/// writes them (headers keep their order and spelling).
/// </summary>
internal sealed class HttpHead(string startLine, List<KeyValuePair<string, string>> headers)
{
    public string StartLine { get; } = startLine;

    public List<KeyValuePair<string, string>> Headers { get; } = headers;

    /// <summary>The response status code (responses only).</summary>
    public int Status => int.Parse(StartLine.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);

    public string? this[string name] =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public long? ContentLength => this["Content-Length"] is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool IsChunked => this["Transfer-Encoding"]?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    public bool WantsClose => this["Connection"]?.Contains("close", StringComparison.OrdinalIgnoreCase) == true;

    public void Remove(string name) => Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a head; null when the connection ends before one starts.</summary>
    public static async Task<HttpHead?> ReadAsync(HttpStreamReader reader, CancellationToken cancellationToken)
    {
        var startLine = await reader.ReadLineAsync(cancellationToken);
        if (startLine is null)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return new HttpHead(startLine, headers);
    }

    public byte[] ToBytes()
    {
        var text = new StringBuilder(StartLine).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }
}
