using System.Net;
using static GitMl.Storage.Tests.Transfer.FakeBlobStore;
using static GitMl.Storage.Tests.Transfer.TestObjects;

namespace GitMl.Storage.Tests.Transfer;

public sealed class TransferQueueUploadTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeBlobStore _store = new();
    private readonly RecordedDelays _delays = new();
    private readonly RecordingProgress _progress = new();

    [Fact]
    public async Task Objects_the_store_already_has_are_skipped()
    {
        _store.Add("a", Content("a"));
        _store.Add("b", Content("b"));
        UploadItem[] items = [Upload("a", Content("a")), Upload("b", Content("b")), Upload("c", Content("c", 10)), Upload("d", Content("d", 20))];

        var report = await Queue().UploadAsync(items, Ct);

        Assert.Equal((2, 2, 30L), (report.Transferred, report.Skipped, report.Bytes));
        Assert.Empty(report.Failures);
        Assert.Equal(0, _store.Attempts(Operation.Put, "a"));
        Assert.Equal(0, _store.Attempts(Operation.Put, "b"));
        Assert.Equal(Content("c", 10), _store.Objects["c"]);
        Assert.Equal(Content("d", 20), _store.Objects["d"]);
    }

    [Fact]
    public async Task The_store_is_asked_which_keys_exist_in_batches_of_the_configured_size()
    {
        var items = Enumerable.Range(0, 2500).Select(i => Upload($"k{i}", [(byte)i])).ToList();

        var report = await Queue(Options(existsBatchSize: 1000)).UploadAsync(items, Ct);

        Assert.Equal([1000, 1000, 500], _store.ExistsBatches);
        Assert.Equal(2500, report.Transferred);
    }

    [Fact]
    public async Task A_failed_existence_batch_is_retried()
    {
        _store.Fail(Operation.Exists, "a", times: 2, () => new StorageException("throttled", isTransient: true));

        var report = await Queue().UploadAsync([Upload("a", Content("a"))], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(3, _store.Attempts(Operation.Exists, "a"));
        Assert.Equal(2, _delays.Waits.Count);
    }

    [Fact]
    public async Task Objects_whose_existence_cannot_be_checked_fail_and_the_others_go_on()
    {
        _store.Fail(Operation.Exists, "a", times: int.MaxValue, () => new StorageException("fake://bucket/prefix: 503 Slow Down", isTransient: true));
        UploadItem[] items = [Upload("a", Content("a")), Upload("b", Content("b")), Upload("c", Content("c")), Upload("d", Content("d"))];

        var report = await Queue(Options(existsBatchSize: 2, maxAttempts: 3)).UploadAsync(items, Ct);

        Assert.Equal(["a", "b"], report.Failures.Select(f => f.Key));
        Assert.Contains($"could not check whether {Name} has 'a' after 3 attempts: ", report.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("503 Slow Down", report.Failures[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Attempts(Operation.Put, "a"));
        Assert.Equal(2, report.Transferred);
        Assert.Equal(["c", "d"], _store.Objects.Keys.Order());
    }

    [Fact]
    public async Task Never_more_than_Jobs_uploads_are_in_flight()
    {
        _store.PutDuration = TimeSpan.FromMilliseconds(20);
        var items = Enumerable.Range(0, 24).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();

        var report = await Queue(Options(jobs: 3)).UploadAsync(items, Ct);

        Assert.Equal(24, report.Transferred);
        Assert.Equal(3, _store.MaxConcurrentPuts); // at most Jobs, and the Jobs workers do run at once
    }

    [Fact]
    public async Task The_store_is_flushed_once_after_the_last_upload()
    {
        _store.PutDuration = TimeSpan.FromMilliseconds(5);
        var items = Enumerable.Range(0, 24).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();

        var report = await Queue(Options(jobs: 3)).UploadAsync(items, Ct);

        Assert.Equal(24, report.Transferred);
        Assert.Equal([24], _store.Flushes); // one flush, asked for once all 24 puts were done
    }

    [Fact]
    public async Task Nothing_uploaded_means_nothing_to_flush()
    {
        _store.Add("a", Content("a"));
        _store.Fail(Operation.Put, "b", times: int.MaxValue, () => new StorageException("no", isTransient: false));

        var report = await Queue().UploadAsync([Upload("a", Content("a")), Upload("b", Content("b"))], Ct);

        Assert.Equal((0, 1), (report.Transferred, report.Skipped));
        Assert.Empty(_store.Flushes);
    }

    [Fact]
    public async Task A_flush_that_fails_for_good_turns_every_object_uploaded_into_a_failure()
    {
        _store.Add("present", Content("present"));
        _store.Fail(Operation.Put, "bad", times: int.MaxValue, () => new StorageException($"{Name}: 403 Access Denied", isTransient: false));
        _store.Fail(Operation.Flush, FlushKey, times: int.MaxValue, () => new StorageException($"{Name}: fsync failed: Input/output error", isTransient: false));
        UploadItem[] items = [Upload("a", Content("a")), Upload("present", Content("present")), Upload("bad", Content("bad")), Upload("c", Content("c"))];

        var report = await Queue().UploadAsync(items, Ct);

        Assert.Equal((0, 1, 0L), (report.Transferred, report.Skipped, report.Bytes));
        Assert.Equal(["a", "bad", "c"], report.Failures.Select(f => f.Key));
        Assert.Equal(
            $"could not make 'a' durable on {Name} (the flush after the uploads failed): {Name}: fsync failed: Input/output error",
            report.Failures[0].Message);
        Assert.Equal($"could not upload 'bad' to {Name}: {Name}: 403 Access Denied", report.Failures[1].Message);
        Assert.StartsWith($"could not make 'c' durable on {Name}", report.Failures[2].Message, StringComparison.Ordinal);
        Assert.Single(_store.Flushes);
    }

    [Fact]
    public async Task A_flush_that_fails_transiently_is_retried_and_the_objects_count_as_uploaded()
    {
        _store.Fail(Operation.Flush, FlushKey, times: 2, () => new StorageException("busy", isTransient: true));

        var report = await Queue().UploadAsync([Upload("a", Content("a")), Upload("b", Content("b"))], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(2, report.Transferred);
        Assert.Equal([2, 2, 2], _store.Flushes);
        Assert.Equal(2, _delays.Waits.Count);
    }

    [Fact]
    public async Task The_upload_reports_nothing_before_its_flush_has_finished()
    {
        var flushDone = new TaskCompletionSource();
        _store.FlushGate = flushDone.Task;

        var upload = Queue().UploadAsync([Upload("a", Content("a")), Upload("b", Content("b"))], Ct);
        while (_store.Flushes.Count == 0)
        {
            await Task.Delay(5);
        }
        await Task.Delay(50);

        Assert.False(upload.IsCompleted, "the queue reported before the objects were durable");
        flushDone.SetResult();
        var report = await upload.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, report.Transferred);
        Assert.Equal([2], _store.Flushes);
    }

    [Fact]
    public async Task A_failure_of_the_whole_store_stops_the_upload_at_once()
    {
        var items = Enumerable.Range(0, 100).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();
        _store.Fail(Operation.Put, "k0", times: int.MaxValue, () => WholeStoreFailure("403 InvalidAccessKeyId"));

        var report = await Queue(Options(jobs: 1)).UploadAsync(items, Ct);

        Assert.Equal(0, report.Transferred);
        Assert.Equal(items.Select(i => i.Key), report.Failures.Select(f => f.Key)); // every object reported, in order
        Assert.Equal(1, items.Sum(i => _store.Attempts(Operation.Put, i.Key))); // but only the first one was tried
        Assert.Equal($"could not upload 'k0' to {Name}: {Name}: 403 InvalidAccessKeyId", report.Failures[0].Message);
        Assert.Equal(
            $"did not upload 'k1' to {Name} (stopped by an error that affects the whole store): {Name}: 403 InvalidAccessKeyId",
            report.Failures[1].Message);
        Assert.Empty(_delays.Waits); // not retried
        Assert.Empty(_store.Flushes); // nothing uploaded, nothing to flush
    }

    [Fact]
    public async Task A_failure_of_the_whole_store_cancels_the_uploads_in_flight()
    {
        var never = new TaskCompletionSource();
        _store.PutGate = never.Task; // puts that get past their fault wait forever, unless cancelled
        _store.Fail(Operation.Put, "k3", times: int.MaxValue, () => WholeStoreFailure("bucket 'b' does not exist"));
        var items = Enumerable.Range(0, 10).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();

        var report = await Queue(Options(jobs: 4)).UploadAsync(items, Ct).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, report.Transferred);
        Assert.Equal(10, report.Failures.Count);
        Assert.All(report.Failures, f => Assert.EndsWith($"{Name}: bucket 'b' does not exist", f.Message, StringComparison.Ordinal));
        Assert.Equal(0, Enumerable.Range(4, 6).Sum(i => _store.Attempts(Operation.Put, $"k{i}"))); // never started
    }

    [Fact]
    public async Task A_failure_of_one_object_that_is_not_a_failure_of_the_store_does_not_stop_the_others()
    {
        _store.Fail(Operation.Put, "k0", times: int.MaxValue, () => new StorageException($"{Name}: 400 Bad Digest", isTransient: false));
        var items = Enumerable.Range(0, 10).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();

        var report = await Queue(Options(jobs: 1)).UploadAsync(items, Ct);

        Assert.Equal((9, "k0"), (report.Transferred, Assert.Single(report.Failures).Key));
        Assert.Equal([9], _store.Flushes);
    }

    [Fact]
    public async Task A_failure_of_the_whole_store_while_checking_what_it_has_fails_every_object_without_asking_again()
    {
        _store.Fail(Operation.Exists, "a", times: int.MaxValue, () => WholeStoreFailure("folder not mounted"));
        UploadItem[] items = [Upload("a", Content("a")), Upload("b", Content("b")), Upload("c", Content("c")), Upload("d", Content("d")), Upload("e", Content("e"))];

        var report = await Queue(Options(existsBatchSize: 2)).UploadAsync(items, Ct);

        Assert.Equal(["a", "b", "c", "d", "e"], report.Failures.Select(f => f.Key));
        Assert.Equal([2], _store.ExistsBatches); // one batch asked; the other two were not
        Assert.Equal(0, items.Sum(i => _store.Attempts(Operation.Put, i.Key)));
        Assert.Contains($"could not check whether {Name} has 'e': {Name}: folder not mounted", report.Failures[4].Message, StringComparison.Ordinal);
        Assert.Equal($"{Name}: folder not mounted", report.StoppedBy?.Message); // told once by the caller
    }

    [Fact]
    public async Task The_last_existence_batch_failing_for_itself_alone_fails_its_objects_and_stops_nothing()
    {
        _store.Fail(Operation.Exists, "c", times: int.MaxValue, () => new StorageException($"{Name}: 400 Bad Request", isTransient: false));
        UploadItem[] items = [Upload("a", Content("a")), Upload("b", Content("b")), Upload("c", Content("c"))];

        var report = await Queue(Options(existsBatchSize: 2)).UploadAsync(items, Ct);

        Assert.Equal(["c"], report.Failures.Select(f => f.Key));
        Assert.Equal(2, report.Transferred);
        Assert.Null(report.StoppedBy);
    }

    private static StorageException WholeStoreFailure(string what) =>
        new($"{Name}: {what}", isTransient: false, affectsWholeStore: true);

    public static TheoryData<string> TransientErrors => ["storage", "io", "http 503", "http no status", "integrity"];

    [Theory]
    [MemberData(nameof(TransientErrors))]
    public async Task Transient_failures_are_retried_until_they_succeed(string kind)
    {
        _store.Fail(Operation.Put, "a", times: 2, () => kind switch
        {
            "storage" => new StorageException("timeout", isTransient: true),
            "io" => new IOException("connection reset by peer"),
            "http 503" => new HttpRequestException("service unavailable", null, HttpStatusCode.ServiceUnavailable),
            "http no status" => new HttpRequestException("connection refused"),
            _ => new IntegrityException(Name, "a", "its SHA-256 is not the one announced"),
        });

        var report = await Queue(Options(maxAttempts: 3)).UploadAsync([Upload("a", Content("a"))], Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(1, report.Transferred);
        Assert.Equal(3, _store.Attempts(Operation.Put, "a"));
        Assert.Equal(Content("a"), _store.Objects["a"]);
        Assert.Equal(2, _delays.Waits.Count);
        Assert.InRange(_delays.Waits[0], TimeSpan.Zero, TimeSpan.FromMilliseconds(100)); // full jitter up to BaseDelay
        Assert.InRange(_delays.Waits[1], TimeSpan.Zero, TimeSpan.FromMilliseconds(200)); // ... doubling
    }

    [Theory]
    [InlineData(3, 3)] // a server's Retry-After is a floor...
    [InlineData(3600, 10)] // ... capped at MaxDelay
    public async Task A_servers_Retry_After_is_honoured_up_to_MaxDelay(int retryAfterSeconds, int expectedAtLeastSeconds)
    {
        _store.Fail(Operation.Put, "a", times: 1, () => new StorageException("429 Too Many Requests", isTransient: true, TimeSpan.FromSeconds(retryAfterSeconds)));

        var report = await Queue().UploadAsync([Upload("a", Content("a"))], Ct);

        Assert.True(report.Succeeded);
        var wait = Assert.Single(_delays.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(expectedAtLeastSeconds), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task After_MaxAttempts_the_object_fails_naming_key_store_and_error_and_the_others_go_on()
    {
        int attempt = 0;
        _store.Fail(Operation.Put, "ab/cd/bad", times: int.MaxValue, () => new StorageException($"{Name}: 500 Internal Error #{++attempt}", isTransient: true));
        UploadItem[] items = [Upload("ab/cd/bad", Content("bad")), Upload("ab/cd/good", Content("good"))];

        var report = await Queue(Options(maxAttempts: 4)).UploadAsync(items, Ct);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("ab/cd/bad", failure.Key);
        Assert.Equal($"could not upload 'ab/cd/bad' to {Name} after 4 attempts: {Name}: 500 Internal Error #4", failure.Message);
        Assert.Equal(4, _store.Attempts(Operation.Put, "ab/cd/bad"));
        Assert.Equal(3, _delays.Waits.Count);
        Assert.Equal(1, report.Transferred);
        Assert.Equal(Content("good").Length, report.Bytes);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public async Task Errors_a_retry_cannot_fix_fail_at_once()
    {
        _store.Fail(Operation.Put, "denied", times: int.MaxValue, () => new StorageException($"{Name}: 403 Access Denied", isTransient: false));
        UploadItem[] items =
        [
            Upload("denied", Content("denied")),
            Upload("gone", Content("gone"), _ => throw new FileNotFoundException("the source file is gone")),
        ];

        var report = await Queue().UploadAsync(items, Ct);

        Assert.Equal(["denied", "gone"], report.Failures.Select(f => f.Key));
        Assert.Equal($"could not upload 'denied' to {Name}: {Name}: 403 Access Denied", report.Failures[0].Message);
        Assert.Equal($"could not upload 'gone' to {Name}: the source file is gone", report.Failures[1].Message);
        Assert.Equal(1, _store.Attempts(Operation.Put, "denied"));
        Assert.Empty(_delays.Waits);
    }

    [Fact]
    public async Task Each_attempt_opens_the_source_afresh_and_the_queue_disposes_it()
    {
        var opened = new List<TrackedStream>();
        _store.Fail(Operation.Put, "a", times: 2, () => new IOException("reset"));
        var item = Upload("a", Content("a"), content =>
        {
            var stream = new TrackedStream(content);
            opened.Add(stream);
            return stream;
        });

        await Queue().UploadAsync([item], Ct);

        Assert.Equal(3, opened.Count);
        Assert.All(opened, stream => Assert.True(stream.Disposed));
    }

    [Fact]
    public async Task Progress_counts_the_objects_and_bytes_left_after_skipping()
    {
        _store.Add("present", Content("present", 500));
        _store.Fail(Operation.Put, "bad", times: int.MaxValue, () => new StorageException("no", isTransient: false));
        UploadItem[] items = [Upload("present", Content("present", 500)), Upload("a", Content("a", 100)), Upload("b", Content("b", 200)), Upload("bad", Content("bad", 7))];

        var report = await Queue().UploadAsync(items, Ct);

        Assert.Equal([(3, 307L)], _progress.Begins);
        Assert.Equal(300, _progress.Advanced); // the failing put fails before it reads any content
        Assert.Equal(3, _progress.ObjectsDone);
        Assert.Equal(1, _progress.Finished);
        Assert.Equal(300, report.Bytes);
    }

    [Fact]
    public async Task Cancellation_stops_uploads_in_flight_promptly()
    {
        _store.PutGate = new TaskCompletionSource().Task; // puts never finish by themselves
        using var cancel = new CancellationTokenSource();
        var items = Enumerable.Range(0, 10).Select(i => Upload($"k{i}", Content($"k{i}"))).ToList();

        var upload = Queue().UploadAsync(items, cancel.Token);
        while (_store.Attempts(Operation.Put, "k0") == 0)
        {
            await Task.Delay(5);
        }
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(_store.Objects);
        Assert.Equal(1, _progress.Finished);
    }

    [Fact]
    public async Task Cancellation_stops_a_wait_between_retries_promptly()
    {
        // The real delay: a server asking for an hour's pause must not hold a cancelled transfer.
        _store.Fail(Operation.Put, "a", times: 1, () => new StorageException("429", isTransient: true, TimeSpan.FromHours(1)));
        var options = new TransferOptions(4, 4, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(2), 1000);
        using var cancel = new CancellationTokenSource();
        var upload = new TransferQueue(_store, options).UploadAsync([Upload("a", Content("a"))], cancel.Token);
        while (_store.Attempts(Operation.Put, "a") == 0)
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, _store.Attempts(Operation.Put, "a"));
    }

    private TransferQueue Queue(TransferOptions? options = null) =>
        new(_store, options ?? Options(), _progress, _delays.Delay);

    /// <summary>A source stream that remembers being disposed.</summary>
    private sealed class TrackedStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
