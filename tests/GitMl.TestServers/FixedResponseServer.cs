using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitMl.TestServers;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 (port 0) that answers every request with the same response and closes the
/// connection: a storage endpoint that refuses everything (HTTP 403 with S3's or Azure's error body), so tests can
/// see how a command reports a remote that says no. It counts the requests it answered.
/// </summary>
public sealed class FixedResponseServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly byte[] _response;
    private readonly byte[] _headResponse;
    private readonly Task _acceptLoop;

    public FixedResponseServer(int status, string reason, string contentType, string body)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        _response = [.. Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\n" +
            "x-ms-error-code: AuthenticationFailed\r\nConnection: close\r\n\r\n"), .. content];
        // A HEAD request gets no body, and (as Azure does) the error code only in a header.
        _headResponse = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nx-ms-error-code: AuthenticationFailed\r\nConnection: close\r\n\r\n");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>A server that answers 403 AccessDenied the way S3 does.</summary>
    public static FixedResponseServer S3AccessDenied() => new(403, "Forbidden", "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>");

    /// <summary>A server that answers 403 AuthenticationFailed the way Azure Blob storage does.</summary>
    public static FixedResponseServer AzureAuthenticationFailed() => new(403, "Server failed to authenticate the request", "application/xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>");

    public Uri Url { get; }

    /// <summary>The start line of every request answered, in arrival order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new HttpStreamReader(stream);
                if (await HttpHead.ReadAsync(reader, _stop.Token) is not { } head)
                {
                    return;
                }
                _requests.Enqueue(head.StartLine);
                // A client waiting for "100 Continue" gets the final answer instead, as real servers do.
                if (head["Expect"] is null)
                {
                    await HttpBody.CopyAsync(head, reader, Stream.Null, _stop.Token);
                }
                await stream.WriteAsync(head.StartLine.StartsWith("HEAD ", StringComparison.Ordinal) ? _headResponse : _response, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up first: nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
