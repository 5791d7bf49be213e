using System.Net;
using System.Net.Sockets;
using GitMl.Storage.Transfer;

namespace GitMl.Storage.Tests.Transfer;

public sealed class TransientErrorsTests
{
    public static TheoryData<Exception, bool> Cases => new()
    {
        { new StorageException("503", isTransient: true), true },
        { new StorageException("403", isTransient: false), false },
        { new IntegrityException("s", "k", "damaged"), true },
        { new BlobNotFoundException("s", "k"), false },
        { new IOException("connection reset"), true },
        { new FileNotFoundException("source gone"), false },
        { new DirectoryNotFoundException("source folder gone"), false },
        { new HttpRequestException("no connection"), true },
        { new HttpRequestException("timeout", null, HttpStatusCode.RequestTimeout), true },
        { new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway), true },
        { new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden), false },
        { new HttpRequestException("not found", null, HttpStatusCode.NotFound), false },
        { new SocketException((int)SocketError.ConnectionReset), true },
        { new TimeoutException(), true },
        { new TaskCanceledException("HttpClient.Timeout elapsed"), true },
        { new UnauthorizedAccessException(), false },
        { new InvalidOperationException(), false },
        { new ArgumentException("bad key"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transient_errors_are_those_a_retry_may_fix(Exception error, bool transient) =>
        Assert.Equal(transient, TransientErrors.IsTransient(error));

    [Fact]
    public void Retry_After_comes_from_storage_exceptions()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), TransientErrors.RetryAfter(new StorageException("429", true, TimeSpan.FromSeconds(7))));
        Assert.Null(TransientErrors.RetryAfter(new IOException()));
    }
}
