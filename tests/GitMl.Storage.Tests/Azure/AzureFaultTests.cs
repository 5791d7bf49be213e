using GitMl.Storage.Azure;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.Azure;

/// <summary>
/// What AzureBlobStore makes of a misbehaving server: Azurite behind a <see cref="FaultProxy"/> that answers
/// errors, cuts or resets downloads and flips bytes, each on one scripted request.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class AzureFaultTests(AzuriteServer server) : IAsyncLifetime
{
    private readonly byte[] _content = StoreTestExtensions.Bytes(256 * 1024, seed: 42);
    private FaultProxy _proxy = null!;
    private AzureBlobStore _store = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(server.Host);
        _store = new AzureBlobStore(server.Options(server.Container, "faults-" + Guid.NewGuid().ToString("N"), _proxy.Url));
        _key = await _store.PutContentAsync(_content);
        _proxy.Reset();
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_proxy.Problems);
        await _store.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_transient_and_carries_the_wait_and_the_SDK_does_not_retry_it()
    {
        _proxy.Inject(new ProxyFault.Respond(503, RetryAfterSeconds: 7), IsGet);

        var error = await Assert.ThrowsAsync<StorageException>(() => _store.GetAsync(_key, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains(_key, error.Message, StringComparison.Ordinal);
        Assert.Single(_proxy.Requests, IsGet);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Server_errors_on_upload_are_transient_without_a_wait_when_none_is_given(int status)
    {
        _proxy.Inject(new ProxyFault.Respond(status), r => r.Method == "PUT");
        var content = StoreTestExtensions.Bytes(1000, seed: status);

        var error = await Assert.ThrowsAsync<StorageException>(() => _store.PutContentAsync(content));

        Assert.True(error.IsTransient);
        Assert.Null(error.RetryAfter);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Single(_proxy.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_503_on_an_existence_check_is_transient_with_its_Retry_After()
    {
        _proxy.Inject(new ProxyFault.Respond(503, RetryAfterSeconds: 3), r => r.Method == "HEAD");

        var error = await Assert.ThrowsAsync<StorageException>(() => _store.ExistsAsync([_key], CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task A_403_is_not_transient()
    {
        _proxy.Inject(new ProxyFault.Respond(403), IsGet);

        var error = await Assert.ThrowsAsync<StorageException>(() => _store.GetAsync(_key, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("access denied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_in_the_middle_of_a_download_is_resumed_by_the_SDK_from_where_it_broke()
    {
        // Unlike S3's, the Azure SDK's download stream resumes by itself (a ranged GET conditioned on the ETag).
        _proxy.Inject(new ProxyFault.ResetBody(AfterBytes: 100_000), IsGet);

        var read = await _store.ReadAllAsync(_key);

        Assert.Equal(_content, read);
        var gets = _proxy.Requests.Where(IsGet).ToList();
        Assert.Equal(2, gets.Count);
        Assert.StartsWith("bytes=", gets[1].Headers["x-ms-range"], StringComparison.Ordinal);
        Assert.True(gets[1].Headers.ContainsKey("If-Match"), "the resumed request must be for the same blob version");
    }

    [Fact]
    public async Task A_download_cut_short_is_resumed_by_the_SDK_too()
    {
        _proxy.Inject(new ProxyFault.TruncateBody(AfterBytes: 100_000), IsGet);

        var read = await _store.ReadAllAsync(_key);

        Assert.Equal(_content, read);
        Assert.Equal(2, _proxy.Requests.Count(IsGet));
    }

    [Fact]
    public async Task A_download_whose_connection_keeps_breaking_fails_with_a_transient_error_while_reading()
    {
        _proxy.Inject(new ProxyFault.ResetBody(AfterBytes: 1000), IsGet, times: 100);

        await using var download = await _store.GetAsync(_key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Contains(_key, error.Message, StringComparison.Ordinal);
        Assert.Equal(_content.Length, download.Length);
        Assert.InRange(_proxy.Requests.Count(IsGet), 2, 10);
    }

    [Fact]
    public async Task A_download_cut_short_every_time_fails_with_a_transient_error_and_not_as_a_short_object()
    {
        _proxy.Inject(new ProxyFault.TruncateBody(AfterBytes: 1000), IsGet, times: 100);

        await using var download = await _store.GetAsync(_key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_flipped_byte_reaches_the_caller_unnoticed_by_the_SDK_so_the_transfer_queue_must_verify()
    {
        // The SDK validates downloads only when asked (TransferValidation); the store does not ask, since git-ml's
        // transfer queue checks every download's SHA-256 anyway.
        _proxy.Inject(new ProxyFault.FlipByte(Offset: 12_345), IsGet);

        var read = await _store.ReadAllAsync(_key);

        var differing = Enumerable.Range(0, read.Length).Where(i => read[i] != _content[i]).ToList();
        Assert.Equal([12_345], differing);
    }

    [Fact]
    public async Task Without_faults_the_proxy_passes_everything_through()
    {
        Assert.Equal(_content, await _store.ReadAllAsync(_key));
        Assert.Equal([_key], (await _store.ExistsAsync([_key], CancellationToken.None)).ToList());
    }

    private bool IsGet(ProxiedRequest request) => request.Method == "GET" && request.Path.EndsWith(_key, StringComparison.Ordinal);
}
