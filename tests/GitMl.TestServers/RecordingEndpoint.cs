using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitMl.TestServers;

/// <summary>
/// A hostile storage endpoint on 127.0.0.1: it answers every HTTP request with 403 and keeps every byte it was sent
/// (start line, headers, body), so a test can assert that no credential ever reached it. One request per connection,
/// answered with Connection: close: enough for the S3 and Azure SDKs.
/// </summary>
public sealed class RecordingEndpoint : IDisposable
{
    private const string Denied = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Task _acceptLoop;

    public RecordingEndpoint()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT, no trailing slash.</summary>
    public string Url { get; }

    /// <summary>Every request received so far, raw (Latin-1, so every byte survives).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Everything received so far, as one string.</summary>
    public string Everything => string.Concat(Requests);

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

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var received = new MemoryStream();
        try
        {
            var reader = new HttpStreamReader(stream);
            if (await HttpHead.ReadAsync(reader, timeout.Token) is not { } head)
            {
                return;
            }

            received.Write(head.ToBytes());
            // A client waiting for "100 Continue" gets the refusal at once, before its body.
            if (head["Expect"]?.Contains("100-continue", StringComparison.OrdinalIgnoreCase) != true)
            {
                await HttpBody.CopyAsync(head, reader, received, timeout.Token);
            }

            string body = head.StartLine.StartsWith("HEAD ", StringComparison.Ordinal) ? "" : Denied;
            string response = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nx-ms-error-code: AuthenticationFailed\r\n" +
                $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or FormatException)
        {
            // A client that hangs up, stalls or sends garbage: what it sent is recorded all the same.
        }
        finally
        {
            lock (_requests)
            {
                _requests.Add(Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length));
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _acceptLoop.ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
