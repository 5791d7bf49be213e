using static GitMl.Storage.Tests.Transfer.FakeBlobStore;
using static GitMl.Storage.Tests.Transfer.TestObjects;

namespace GitMl.Storage.Tests.Transfer;

public sealed class TransferQueueDownloadTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeBlobStore _store = new();
    private readonly RecordedDelays _delays = new();
    private readonly RecordingProgress _progress = new();
    private readonly RecordingConsumer _consumer = new();

    /// <summary>Ways the bytes of an object can arrive damaged.</summary>
    public static TheoryData<string> Damages => ["flipped byte", "truncated", "too long", "empty"];

    private static byte[] Damaged(string damage, byte[] content) => damage switch
    {
        "flipped byte" => [.. content[..500], (byte)(content[500] ^ 0x01), .. content[501..]],
        "truncated" => content[..^1],
        "too long" => [.. content, 0],
        _ => [],
    };

    [Fact]
    public async Task Objects_reach_the_consumer_verified()
    {
        _store.Add("a", Content("a", 100));
        _store.Add("b", Content("b", 0));

        var report = await Queue().DownloadAsync([Download("a", Content("a", 100), _consumer), Download("b", [], _consumer)], Ct);

        Assert.Equal((2, 0, 100L), (report.Transferred, report.Skipped, report.Bytes));
        Assert.True(report.Succeeded);
        Assert.Equal(Content("a", 100), _consumer.Kept["a"]);
        Assert.Empty(_consumer.Kept["b"]);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_download_is_retried_and_the_good_copy_kept(string damage)
    {
        byte[] content = Content("a");
        _store.Add("a", content);
        _store.Damage("a", times: 1, bytes => Damaged(damage, bytes));

        var report = await Queue().DownloadAsync([Download("a", content, _consumer)], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(2, _store.Attempts(Operation.Get, "a"));
        Assert.IsType<IntegrityException>(Assert.Single(_consumer.Errors).Error);
        Assert.Equal(content, _consumer.Kept["a"]);
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task An_object_always_damaged_fails_with_an_integrity_error_and_nothing_kept(string damage)
    {
        byte[] content = Content("ab/cd/model");
        _store.Add("ab/cd/model", content);
        _store.Damage("ab/cd/model", times: int.MaxValue, bytes => Damaged(damage, bytes));
        _store.Add("fine", Content("fine"));

        var report = await Queue(Options(maxAttempts: 3)).DownloadAsync(
            [Download("ab/cd/model", content, _consumer), Download("fine", Content("fine"), _consumer)], Ct);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("ab/cd/model", failure.Key);
        Assert.StartsWith($"could not download 'ab/cd/model' from {Name} after 3 attempts: {Name}: object 'ab/cd/model' is damaged", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, _store.Attempts(Operation.Get, "ab/cd/model"));
        Assert.Equal(3, _consumer.Errors.Count);
        Assert.All(_consumer.Errors, e => Assert.IsType<IntegrityException>(e.Error));
        Assert.Equal(["fine"], _consumer.Kept.Keys);
        Assert.Equal(1, report.Transferred);
    }

    [Fact]
    public async Task A_missing_object_fails_at_once()
    {
        var report = await Queue().DownloadAsync([Download("ab/cd/absent", Content("x"), _consumer)], Ct);

        var failure = Assert.Single(report.Failures);
        Assert.Equal($"could not download 'ab/cd/absent' from {Name}: {Name}: no object 'ab/cd/absent'", failure.Message);
        Assert.Equal(1, _store.Attempts(Operation.Get, "ab/cd/absent"));
        Assert.Empty(_delays.Waits);
    }

    [Fact]
    public async Task A_transient_failure_to_open_the_object_is_retried()
    {
        _store.Add("a", Content("a"));
        _store.Fail(Operation.Get, "a", times: 2, () => new StorageException("503", isTransient: true));

        var report = await Queue().DownloadAsync([Download("a", Content("a"), _consumer)], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(3, _store.Attempts(Operation.Get, "a"));
        Assert.Equal(2, _delays.Waits.Count);
    }

    [Fact]
    public async Task A_consumer_that_stops_before_the_end_fails_the_object_without_retrying()
    {
        byte[] content = Content("a");
        _store.Add("a", content);
        var item = new DownloadItem("a", content.Length, System.Security.Cryptography.SHA256.HashData(content),
            async (stream, ct) => await stream.ReadExactlyAsync(new byte[10], ct));

        var report = await Queue().DownloadAsync([item], Ct);

        Assert.Contains("never verified", Assert.Single(report.Failures).Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.Attempts(Operation.Get, "a"));
    }

    [Fact]
    public async Task Never_more_than_Jobs_downloads_are_in_flight()
    {
        var keys = Enumerable.Range(0, 24).Select(i => $"k{i}").ToList();
        keys.ForEach(key => _store.Add(key, Content(key)));
        _consumer.Duration = TimeSpan.FromMilliseconds(20);

        var report = await Queue(Options(jobs: 3)).DownloadAsync([.. keys.Select(key => Download(key, Content(key), _consumer))], Ct);

        Assert.Equal(24, report.Transferred);
        Assert.Equal(3, _consumer.MaxConcurrent);
    }

    [Fact]
    public async Task Progress_adds_up_to_the_objects_and_their_bytes()
    {
        _store.Add("a", Content("a", 300));
        _store.Add("b", Content("b", 700));

        await Queue().DownloadAsync([Download("a", Content("a", 300), _consumer), Download("b", Content("b", 700), _consumer)], Ct);

        Assert.Equal([(2, 1000L)], _progress.Begins);
        Assert.Equal(1000, _progress.Advanced);
        Assert.Equal(2, _progress.ObjectsDone);
        Assert.Equal(1, _progress.Finished);
    }

    [Fact]
    public async Task Cancellation_stops_downloads_in_flight_promptly()
    {
        var keys = Enumerable.Range(0, 10).Select(i => $"k{i}").ToList();
        keys.ForEach(key => _store.Add(key, Content(key)));
        _consumer.Duration = Timeout.InfiniteTimeSpan; // consumers never finish by themselves
        using var cancel = new CancellationTokenSource();

        var download = Queue().DownloadAsync([.. keys.Select(key => Download(key, Content(key), _consumer))], cancel.Token);
        while (_store.Attempts(Operation.Get, "k0") == 0)
        {
            await Task.Delay(5);
        }
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(_consumer.Kept);
        Assert.Equal(1, _progress.Finished);
    }

    [Fact]
    public async Task A_failure_of_the_whole_store_stops_the_download_at_once()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i}").ToList();
        keys.ForEach(key => _store.Add(key, Content(key)));
        _store.Fail(Operation.Get, "k0", times: int.MaxValue, () => new StorageException($"{Name}: access denied", isTransient: false, affectsWholeStore: true));

        var report = await Queue(Options(jobs: 1)).DownloadAsync([.. keys.Select(key => Download(key, Content(key), _consumer))], Ct);

        Assert.Equal(0, report.Transferred);
        Assert.Equal(keys, report.Failures.Select(f => f.Key));
        Assert.Equal(1, keys.Sum(key => _store.Attempts(Operation.Get, key)));
        Assert.Empty(_consumer.Kept);
        Assert.Contains("access denied", report.StoppedBy?.Message, StringComparison.Ordinal); // what to tell, once
    }

    [Fact]
    public async Task An_unreachable_store_is_retried_once_over_then_stops_the_download()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i}").ToList();
        keys.ForEach(key => _store.Add(key, Content(key)));
        // Every request fails the way an endpoint refusing connections does: transient, and the whole store's.
        foreach (string key in keys)
        {
            _store.Fail(Operation.Get, key, times: int.MaxValue, () => new StorageException($"{Name}: cannot reach it", isTransient: true, affectsWholeStore: true));
        }

        var report = await Queue(Options(jobs: 1)).DownloadAsync([.. keys.Select(key => Download(key, Content(key), _consumer))], Ct);

        Assert.Equal(keys, report.Failures.Select(f => f.Key));
        Assert.Equal(4, keys.Sum(key => _store.Attempts(Operation.Get, key))); // Options(): 4 attempts, then the run stops
        Assert.Contains("cannot reach it", report.StoppedBy?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_of_single_objects_stop_nothing_and_name_no_store_failure()
    {
        _store.Add("a", Content("a"));
        _store.Add("b", Content("b"));
        _store.Fail(Operation.Get, "a", times: int.MaxValue, () => new StorageException($"{Name}: not allowed for this one", isTransient: false));

        var report = await Queue().DownloadAsync([Download("a", Content("a"), _consumer), Download("b", Content("b"), _consumer)], Ct);

        Assert.Equal(1, report.Transferred);
        Assert.Null(report.StoppedBy);
    }

    private TransferQueue Queue(TransferOptions? options = null) =>
        new(_store, options ?? Options(), _progress, _delays.Delay);
}
