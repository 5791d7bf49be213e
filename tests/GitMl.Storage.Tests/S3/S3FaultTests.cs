using GitMl.Storage.S3;
using GitMl.Storage.Tests.Support;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.S3;

/// <summary>
/// What S3BlobStore makes of a misbehaving server: s3rver behind a <see cref="FaultProxy"/> that answers errors,
/// cuts or resets downloads and flips bytes, each on one scripted request.
/// </summary>
[Collection(SharedS3rver.Name)]
public sealed class S3FaultTests(S3rverServer server) : IAsyncLifetime
{
    private readonly byte[] _content = StoreTestExtensions.Bytes(256 * 1024, seed: 42);
    private FaultProxy _proxy = null!;
    private S3BlobStore _store = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(server.Endpoint);
        _store = new S3BlobStore(server.Options(server.Bucket, "faults-" + Guid.NewGuid().ToString("N"), _proxy.Url));
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
        // A HEAD response has no body: the status and headers are all the SDK gets.
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
    public async Task A_connection_reset_in_the_middle_of_a_download_is_a_transient_error_while_reading()
    {
        _proxy.Inject(new ProxyFault.ResetBody(AfterBytes: 1000), IsGet);

        await using var download = await _store.GetAsync(_key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Contains(_key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_cut_short_is_a_transient_error_and_not_a_short_object()
    {
        _proxy.Inject(new ProxyFault.TruncateBody(AfterBytes: 100_000), IsGet);

        await using var download = await _store.GetAsync(_key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Equal(_content.Length, download.Length);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_single_put_object_is_caught_by_the_SDK_against_the_ETag_as_an_integrity_error()
    {
        // The SDK compares the body's MD5 with the ETag when the ETag is an MD5 (objects stored by one PutObject).
        _proxy.Inject(new ProxyFault.FlipByte(Offset: 12_345), IsGet);

        await using var download = await _store.GetAsync(_key, CancellationToken.None);
        var error = await Assert.ThrowsAsync<IntegrityException>(() => download.Content.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Equal(_key, error.Key);
    }

    [Fact]
    public async Task A_flipped_byte_under_a_multipart_ETag_reaches_the_caller_so_the_transfer_queue_must_verify()
    {
        // Amazon S3 gives a multipart object an ETag that is no MD5 of its content ("<md5 of part md5s>-<parts>"), so
        // the SDK cannot check it, and ResponseChecksumValidation = WHEN_REQUIRED asks for no other check: the store
        // returns the damaged bytes and git-ml's transfer queue's SHA-256 check must catch them. (s3rver gives every
        // object the MD5 of its content as ETag, multipart too, hence the proxy stands in for S3's ETag here.)
        _proxy.Inject(new ProxyFault.FlipByte(Offset: 12_345, ETag: "\"0123456789abcdef0123456789abcdef-2\""), IsGet);

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
