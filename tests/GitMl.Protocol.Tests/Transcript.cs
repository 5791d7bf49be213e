using System.Globalization;
using System.Text;

namespace GitMl.Protocol.Tests;

/// <summary>
/// Builds pkt-line byte sequences independently of the code under test: headers are formatted here with
/// "x4", so a bug in <c>PktLine.WriteHeader</c> or the writer cannot hide in the expected bytes.
/// </summary>
internal sealed class Transcript
{
    private readonly MemoryStream _bytes = new();

    /// <summary>A text packet: the line plus the LF git expects.</summary>
    public Transcript Text(string line) => Packet(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>One data packet with exactly this payload.</summary>
    public Transcript Packet(ReadOnlySpan<byte> payload)
    {
        Raw((payload.Length + 4).ToString("x4", CultureInfo.InvariantCulture));
        _bytes.Write(payload);
        return this;
    }

    /// <summary>Content split into packets of at most <paramref name="packetPayload"/> bytes (no flush).</summary>
    public Transcript Content(ReadOnlySpan<byte> content, int packetPayload = 65516)
    {
        while (!content.IsEmpty)
        {
            int n = Math.Min(packetPayload, content.Length);
            Packet(content[..n]);
            content = content[n..];
        }
        return this;
    }

    public Transcript Flush() => Raw("0000");

    public Transcript Raw(string ascii)
    {
        _bytes.Write(Encoding.ASCII.GetBytes(ascii));
        return this;
    }

    public Transcript Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>What git sends to start a session: welcome, versions, capabilities.</summary>
    public Transcript ClientHandshake(params string[] capabilities)
    {
        Text("git-filter-client").Text("version=2").Flush();
        foreach (string capability in capabilities)
        {
            Text("capability=" + capability);
        }
        return Flush();
    }

    /// <summary>The server's side of a handshake that agreed on <paramref name="capabilities"/>.</summary>
    public Transcript ServerHandshake(params string[] capabilities)
    {
        Text("git-filter-server").Text("version=2").Flush();
        foreach (string capability in capabilities)
        {
            Text("capability=" + capability);
        }
        return Flush();
    }

    /// <summary>A request: headers, flush, content packets, flush.</summary>
    public Transcript Request(string command, string pathname, ReadOnlySpan<byte> content, params string[] extraHeaders)
    {
        Text("command=" + command).Text("pathname=" + pathname);
        foreach (string header in extraHeaders)
        {
            Text(header);
        }
        return Flush().Content(content).Flush();
    }

    /// <summary>A successful response carrying <paramref name="content"/>, as the server should send it.</summary>
    public Transcript SuccessResponse(ReadOnlySpan<byte> content) =>
        Text("status=success").Flush().Content(content).Flush().Flush();

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Bytes as a string with one char per byte, so assertion failures show a readable diff.</summary>
    public static string Show(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
