using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.FilterProcess;

/// <summary>
/// The filter side of git's long-running filter protocol, version 2 (gitattributes(5), "Long Running Filter
/// Process"): a handshake, a capability negotiation, then one request after another until git closes the
/// stream. Pure: it only touches the two streams it is given and the handler.
/// </summary>
public sealed class FilterProcessServer
{
    private static readonly string[] SupportedCapabilities = ["clean", "smudge"];

    private readonly Stream _output;
    private readonly PktLineReader _reader;
    private readonly PktLineWriter _writer;
    private readonly IFilterHandler _handler;
    private readonly Action<FilterRequest, Exception> _onHandlerException;

    // Packet buffers reused by every request of the session (see PktLineReader for why).
    private readonly byte[] _requestBuffer = new byte[PktLine.PktLine.MaxPayloadLength];
    private readonly byte[] _responseBuffer = new byte[PktLine.PktLine.MaxPacketLength];

    /// <param name="input">What git writes to the filter (the filter's stdin); should be buffered (packets are read a header at a time).</param>
    /// <param name="output">What git reads (the filter's stdout); should be buffered.</param>
    /// <param name="handler">Converts each request.</param>
    /// <param name="onHandlerException">
    /// Told about an exception a handler threw; the request is then answered with an error status and the session
    /// goes on. Protocol violations by git are not handler exceptions: they end the session.
    /// </param>
    public FilterProcessServer(Stream input, Stream output, IFilterHandler handler, Action<FilterRequest, Exception> onHandlerException)
    {
        _output = output;
        _reader = new PktLineReader(input);
        _writer = new PktLineWriter(output);
        _handler = handler;
        _onHandlerException = onHandlerException;
    }

    /// <summary>The capabilities agreed in the handshake.</summary>
    public IReadOnlySet<string> Capabilities { get; private set; } = new HashSet<string>();

    /// <summary>Runs the whole session. Returns when git closes the stream between requests.</summary>
    public void Run()
    {
        Handshake();
        while (ServeOneRequest())
        {
        }
    }

    internal void Handshake()
    {
        string? welcome = _reader.ReadTextLine();
        if (welcome != "git-filter-client")
        {
            throw new ProtocolException($"bad handshake: expected \"git-filter-client\", got {Quote(welcome)}");
        }
        var versions = _reader.ReadTextLinesUntilFlush();
        if (!versions.Contains("version=2"))
        {
            throw new ProtocolException($"bad handshake: git offered {string.Join(", ", versions)}; only version=2 is supported");
        }
        _writer.WriteText("git-filter-server");
        _writer.WriteText("version=2");
        _writer.Flush();

        var offered = new HashSet<string>();
        foreach (string line in _reader.ReadTextLinesUntilFlush())
        {
            if (!line.StartsWith("capability=", StringComparison.Ordinal))
            {
                throw new ProtocolException($"bad handshake: expected capability=..., got {Quote(line)}");
            }
            offered.Add(line["capability=".Length..]);
        }
        var agreed = new HashSet<string>();
        foreach (string capability in SupportedCapabilities)
        {
            if (offered.Contains(capability))
            {
                agreed.Add(capability);
                _writer.WriteText("capability=" + capability);
            }
        }
        _writer.Flush();
        Capabilities = agreed;
    }

    /// <summary>Serves one request; false when git closed the stream instead of sending one.</summary>
    internal bool ServeOneRequest()
    {
        var headers = ReadRequestHeaders();
        if (headers is null)
        {
            return false;
        }

        var content = new PktLineContentReadStream(_reader, _requestBuffer);
        var response = new FilterResponse(_output, _writer, content, _responseBuffer);
        headers.TryGetValue("command", out string? commandName);
        headers.TryGetValue("pathname", out string? pathname);
        FilterCommand? command = commandName switch
        {
            "clean" when Capabilities.Contains("clean") => FilterCommand.Clean,
            "smudge" when Capabilities.Contains("smudge") => FilterCommand.Smudge,
            _ => null,
        };
        if (command is null || pathname is null)
        {
            // Git only sends commands we agreed to; answering anything else with an error keeps the session usable.
            response.Finish(FilterStatus.Error);
            return true;
        }

        var metadata = headers.Where(h => h.Key is not ("command" or "pathname")).ToDictionary(h => h.Key, h => h.Value);
        var request = new FilterRequest(command.Value, pathname, metadata, content);
        FilterStatus status;
        try
        {
            status = _handler.Handle(request, response);
        }
        catch (ProtocolException)
        {
            throw;
        }
#pragma warning disable CA1031 // One file's failure must not end the session: git gets an error status for it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _onHandlerException(request, e);
            status = FilterStatus.Error;
        }
        response.Finish(status);
        return true;
    }

    private Dictionary<string, string>? ReadRequestHeaders()
    {
        if (!_reader.TryReadTextLine(out string? first))
        {
            return null;
        }
        if (first is null)
        {
            throw new ProtocolException("expected a request, got a Flush packet");
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        AddHeader(headers, first);
        foreach (string line in _reader.ReadTextLinesUntilFlush())
        {
            AddHeader(headers, line);
        }
        return headers;
    }

    private static void AddHeader(Dictionary<string, string> headers, string line)
    {
        int eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ProtocolException($"malformed request line {Quote(line)}: expected key=value");
        }
        headers[line[..eq]] = line[(eq + 1)..];
    }

    private static string Quote(string? s) => s is null ? "a flush packet" : $"\"{s}\"";
}
