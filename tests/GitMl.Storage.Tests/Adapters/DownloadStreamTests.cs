using GitMl.Storage.Adapters;

namespace GitMl.Storage.Tests.Adapters;

public sealed class DownloadStreamTests
{
    [Fact]
    public async Task A_body_that_ends_before_its_Content_Length_fails_as_the_backend_maps_it()
    {
        using var stream = new DownloadStream(new MemoryStream([1, 2, 3]), length: 5, new Released(), MapAll);

        var error = await Assert.ThrowsAsync<StorageException>(() => stream.CopyToAsync(Stream.Null));

        Assert.True(error.IsTransient);
        Assert.Contains("ended after 3 of 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_while_reading_is_mapped()
    {
        using var stream = new DownloadStream(new Failing(failOnRead: true), length: 5, new Released(), MapAll);

        await Assert.ThrowsAsync<StorageException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public void An_SDK_check_failing_on_dispose_does_not_replace_the_readers_error_and_the_response_is_released()
    {
        var response = new Released();
        var stream = new DownloadStream(new Failing(failOnRead: false), length: 5, response, MapAll);

        stream.Dispose();

        Assert.True(response.IsReleased);
    }

    [Fact]
    public void A_failure_the_backend_does_not_map_still_surfaces_from_dispose()
    {
        var response = new Released();
        var stream = new DownloadStream(new Failing(failOnRead: false), length: 5, response, _ => null);

        Assert.Throws<IOException>(stream.Dispose);
        Assert.True(response.IsReleased);
    }

    private static StorageException MapAll(Exception e) => new("mapped: " + e.Message, isTransient: true, inner: e);

    private sealed class Released : IDisposable
    {
        public bool IsReleased { get; private set; }

        public void Dispose() => IsReleased = true;
    }

    /// <summary>A body whose reads or whose dispose fail, as an SDK's body stream may.</summary>
    private sealed class Failing(bool failOnRead) : MemoryStream([1, 2, 3, 4, 5])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            failOnRead ? throw new IOException("connection reset") : base.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (!failOnRead)
            {
                throw new IOException("Expected hash not equal to calculated hash");
            }
        }
    }
}
