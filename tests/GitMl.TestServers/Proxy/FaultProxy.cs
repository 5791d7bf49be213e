using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitMl.TestServers;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 (port 0) in front of a test server, whose misbehaviour tests script per request:
/// <see cref="Inject"/> a <see cref="ProxyFault"/> for the next request(s) that match a predicate; every other
/// request passes through unchanged (keep-alive included). Each client connection gets its own upstream connection.
/// It records every request it saw, and anything it could not do as asked in <see cref="Problems"/>.
/// </summary>
/// <remarks>
/// Body faults apply to responses framed by Content-Length (both s3rver and Azurite frame object downloads so).
/// A client's "Expect: 100-continue" is answered by the proxy itself and not forwarded, which keeps the request
/// path simple: the proxy always has the whole request before it decides what to do with it.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Rule> _rules = [];
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Task _acceptLoop;

    public FaultProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where clients connect instead of the server.</summary>
    public Uri Url { get; }

    /// <summary>Every request that reached the proxy, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    /// <summary>What the proxy could not do as scripted (tests assert this is empty).</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>The next <paramref name="times"/> requests that match <paramref name="when"/> (any request when null) get <paramref name="fault"/>.</summary>
    public void Inject(ProxyFault fault, Func<ProxiedRequest, bool>? when = null, int times = 1)
    {
        lock (_rules)
        {
            _rules.Add(new Rule(fault, when ?? (_ => true), times));
        }
    }

    /// <summary>Forgets recorded requests and scripted faults that were not used.</summary>
    public void Reset()
    {
        lock (_rules)
        {
            _rules.Clear();
        }

        _requests.Clear();
        _problems.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_acceptLoop, .. _connections.Keys]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections[connection] = true;
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        using var upstream = new UpstreamConnection(_upstream);
        try
        {
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            var reader = new HttpStreamReader(clientStream);
            while (await HttpHead.ReadAsync(reader, _stop.Token) is { } request)
            {
                var keepGoing = await HandleAsync(request, reader, clientStream, client, upstream);
                if (!keepGoing)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the server went away; the test sees whatever that did to its request.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Handles one request; false when the connection must end.</summary>
    private async Task<bool> HandleAsync(HttpHead request, HttpStreamReader clientReader, NetworkStream clientStream, Socket client, UpstreamConnection upstream)
    {
        var parts = request.StartLine.Split(' ', 3);
        var headers = request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        var seen = new ProxiedRequest(parts[0], parts[1], headers);
        var fault = TakeFault(seen);
        _requests.Enqueue(seen with { Fault = fault });

        if (request["Expect"]?.Contains("100-continue", StringComparison.OrdinalIgnoreCase) == true)
        {
            await clientStream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token);
            request.Remove("Expect");
        }

        if (fault is ProxyFault.Respond respond)
        {
            await HttpBody.CopyAsync(request, clientReader, Stream.Null, _stop.Token);
            await clientStream.WriteAsync(ErrorResponse(respond, seen.Method), _stop.Token);
            return !request.WantsClose;
        }

        var server = await upstream.OpenAsync(_stop.Token);
        await server.Stream.WriteAsync(request.ToBytes(), _stop.Token);
        await HttpBody.CopyAsync(request, clientReader, server.Stream, _stop.Token);

        var response = await HttpHead.ReadAsync(server.Reader, _stop.Token) ?? throw new IOException("the server closed the connection");
        var hasBody = seen.Method != "HEAD" && response.Status is not (204 or 304) && response.Status >= 200;
        if (fault is not null && !(hasBody && response.ContentLength is not null))
        {
            _problems.Enqueue($"{seen}: the response has no Content-Length body, so the fault was not applied");
            fault = null;
        }

        if (fault is ProxyFault.FlipByte { ETag: { } etag })
        {
            response.Remove("ETag");
            response.Headers.Add(new("ETag", etag));
        }

        await clientStream.WriteAsync(response.ToBytes(), _stop.Token);
        switch (fault)
        {
            case ProxyFault.TruncateBody truncate:
                await HttpBody.CopyLengthAsync(server.Reader, clientStream, Math.Min(truncate.AfterBytes, response.ContentLength!.Value), flipAt: null, _stop.Token);
                client.Shutdown(SocketShutdown.Both);
                return false;
            case ProxyFault.ResetBody reset:
                await HttpBody.CopyLengthAsync(server.Reader, clientStream, Math.Min(reset.AfterBytes, response.ContentLength!.Value), flipAt: null, _stop.Token);
                await clientStream.FlushAsync(_stop.Token);
                client.LingerState = new LingerOption(enable: true, seconds: 0); // closing now sends RST, not FIN
                client.Close();
                return false;
            case ProxyFault.FlipByte flip:
                await HttpBody.CopyLengthAsync(server.Reader, clientStream, response.ContentLength!.Value, flip.Offset, _stop.Token);
                break;
            default:
                if (hasBody && !await HttpBody.CopyAsync(response, server.Reader, clientStream, _stop.Token))
                {
                    return false; // a body delimited by the server closing the connection
                }

                break;
        }

        if (response.WantsClose)
        {
            upstream.Close();
        }

        return !request.WantsClose && !response.WantsClose;
    }

    private ProxyFault? TakeFault(ProxiedRequest request)
    {
        lock (_rules)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining > 0 && r.When(request));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            return rule.Fault;
        }
    }

    private static byte[] ErrorResponse(ProxyFault.Respond respond, string method)
    {
        var body = method == "HEAD"
            ? ""
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InjectedFault</Code><Message>injected by FaultProxy</Message></Error>";
        var head = new StringBuilder($"HTTP/1.1 {respond.Status} Injected\r\n")
            .Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        if (body.Length > 0)
        {
            head.Append("Content-Type: application/xml\r\n");
        }

        if (respond.RetryAfterSeconds is { } seconds)
        {
            head.Append(System.Globalization.CultureInfo.InvariantCulture, $"Retry-After: {seconds}\r\n");
        }

        return Encoding.UTF8.GetBytes(head.Append("\r\n").Append(body).ToString());
    }

    private sealed class Rule(ProxyFault fault, Func<ProxiedRequest, bool> when, int times)
    {
        public ProxyFault Fault { get; } = fault;

        public Func<ProxiedRequest, bool> When { get; } = when;

        public int Remaining { get; set; } = times;
    }
}
