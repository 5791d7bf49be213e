using System.Security.Cryptography;
using GitMl.Storage.Tests.Support;
using GitMl.Storage.Tests.Transfer;
using GitMl.TestServers;

namespace GitMl.Storage.Tests.EndToEnd;

/// <summary>
/// The whole download and upload path under network faults: <see cref="TransferQueue"/> on a real backend store,
/// talking to a real server through a <see cref="FaultProxy"/>, downloads consumed as git-ml's object store
/// consumes them (<see cref="TempFileConsumer"/>). Every case ends with either a verified object (bytes compared)
/// or a clear failure in the <see cref="TransferReport"/> after the bounded number of attempts; never a kept
/// corrupt file, never a leftover temporary file, never a hang (every transfer runs under <see cref="TimeLimit"/>).
/// Waits between retries are recorded, not slept, through the queue's injectable delay.
/// A backend runs these with a subclass that says how to reach its server.
/// </summary>
public abstract class TransferFaultTests : IAsyncLifetime
{
    private const int MaxAttempts = 4;
    private const int ObjectSize = 256 * 1024;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _temp = new("end-to-end");
    private readonly RecordedDelays _delays = new();
    private readonly string _prefix = "end-to-end-" + Guid.NewGuid().ToString("N");
    private FaultProxy _proxy = null!;
    private IBlobStore _store = null!;
    private IBlobStore _direct = null!;
    private TempFileConsumer _consumer = null!;
    private TransferQueue _queue = null!;

    /// <summary>Where the server listens: the proxy forwards there.</summary>
    protected abstract Uri ServerHost { get; }

    /// <summary>A store under <paramref name="prefix"/> on the server, reached through <paramref name="proxy"/> when given.</summary>
    protected abstract IBlobStore CreateStore(string prefix, Uri? proxy);

    public Task InitializeAsync()
    {
        _proxy = new FaultProxy(ServerHost);
        _store = CreateStore(_prefix, _proxy.Url);
        _direct = CreateStore(_prefix, proxy: null);
        _consumer = new TempFileConsumer(_temp.Path);
        _queue = new TransferQueue(_store, TestObjects.Options(jobs: 4, maxAttempts: MaxAttempts), delay: _delays.Delay);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _direct.DisposeAsync();
        await _proxy.DisposeAsync();
        _temp.Dispose();
        Assert.Empty(_proxy.Problems);
    }

    public static TheoryData<DownloadFault> AllDownloadFaults => [.. Enum.GetValues<DownloadFault>()];

    [Theory]
    [MemberData(nameof(AllDownloadFaults))]
    public async Task A_download_that_meets_a_fault_once_ends_with_the_verified_object(DownloadFault fault)
    {
        var (key, content) = await StoreObjectAsync(seed: 1);
        _proxy.Inject(DownloadFaults.Script(fault), GetOf(key));

        var report = await DownloadAsync((key, content));

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal((1, (long)ObjectSize), (report.Transferred, report.Bytes));
        AssertKeptExactly((key, content));
        Assert.Contains(_proxy.Requests, r => r.Fault is not null); // the fault really happened
    }

    [Theory]
    [MemberData(nameof(AllDownloadFaults))]
    public async Task A_download_that_meets_a_fault_on_every_attempt_fails_clearly_and_keeps_nothing(DownloadFault fault)
    {
        var (key, content) = await StoreObjectAsync(seed: 2);
        _proxy.Inject(DownloadFaults.Script(fault), GetOf(key), times: 1000);

        var report = await DownloadAsync((key, content));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(key, failure.Key);
        Assert.Contains($"could not download '{key}' from {_store.Description} after {MaxAttempts} attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0L), (report.Transferred, report.Bytes));
        AssertKeptExactly();
        Assert.Equal(MaxAttempts - 1, _delays.Waits.Count);
    }

    [Fact]
    public async Task A_503_with_Retry_After_makes_the_queue_wait_as_long_as_the_server_asked()
    {
        var (key, content) = await StoreObjectAsync(seed: 3);
        _proxy.Inject(DownloadFaults.Script(DownloadFault.Http503WithRetryAfter), GetOf(key));

        var report = await DownloadAsync((key, content));

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        var wait = Assert.Single(_delays.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(DownloadFaults.RetryAfterSeconds), TestObjects.Options().MaxDelay);
        AssertKeptExactly((key, content));
    }

    [Fact]
    public async Task Objects_that_each_meet_a_different_fault_all_arrive_verified()
    {
        var objects = new List<(string Key, byte[] Content)>();
        foreach (var fault in Enum.GetValues<DownloadFault>())
        {
            var stored = await StoreObjectAsync(seed: 10 + (int)fault);
            _proxy.Inject(DownloadFaults.Script(fault), GetOf(stored.Key));
            objects.Add(stored);
        }

        var report = await DownloadAsync([.. objects]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal(objects.Count, report.Transferred);
        AssertKeptExactly([.. objects]);
    }

    [Fact]
    public async Task Uploads_answered_503_with_Retry_After_are_retried_and_arrive_intact_on_the_server()
    {
        var objects = Enumerable.Range(20, 4).Select(seed => Object(seed)).ToList();
        _proxy.Inject(new ProxyFault.Respond(503, RetryAfterSeconds: 1), r => r.Method == "HEAD");
        foreach (var (key, _) in objects)
        {
            _proxy.Inject(new ProxyFault.Respond(503, RetryAfterSeconds: 2), PutOf(key), times: 2);
        }

        var report = await UploadAsync([.. objects]);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures));
        Assert.Equal((4, 0, 4L * ObjectSize), (report.Transferred, report.Skipped, report.Bytes));
        foreach (var (key, content) in objects)
        {
            Assert.Equal(content, await _direct.ReadAllAsync(key));
        }
        Assert.Equal(1 + (2 * objects.Count), _delays.Waits.Count);
        Assert.All(_delays.Waits, wait => Assert.True(wait >= TimeSpan.FromSeconds(1), $"waited only {wait}"));
        Assert.Equal(2 * objects.Count, _delays.Waits.Count(wait => wait >= TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task An_upload_refused_on_every_attempt_fails_clearly_and_leaves_nothing_on_the_server()
    {
        var (key, content) = Object(seed: 30);
        _proxy.Inject(new ProxyFault.Respond(503), PutOf(key), times: 1000);

        var report = await UploadAsync((key, content));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(key, failure.Key);
        Assert.Contains($"could not upload '{key}' to {_store.Description} after {MaxAttempts} attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0L), (report.Transferred, report.Bytes));
        Assert.Empty(await _direct.ExistsAsync([key], CancellationToken.None));
    }

    private static (string Key, byte[] Content) Object(int seed)
    {
        var content = StoreTestExtensions.Bytes(ObjectSize, seed);
        return (StoreTestExtensions.KeyFor(content), content);
    }

    /// <summary>An object put on the server directly (not through the proxy), to download.</summary>
    private async Task<(string Key, byte[] Content)> StoreObjectAsync(int seed)
    {
        var stored = Object(seed);
        await _direct.PutBytesAsync(stored.Key, stored.Content);
        return stored;
    }

    private Task<TransferReport> DownloadAsync(params (string Key, byte[] Content)[] objects) =>
        WithinTimeLimitAsync(token => _queue.DownloadAsync(
            [.. objects.Select(o => new DownloadItem(o.Key, o.Content.Length, SHA256.HashData(o.Content), _consumer.For(o.Key)))], token));

    private Task<TransferReport> UploadAsync(params (string Key, byte[] Content)[] objects) =>
        WithinTimeLimitAsync(token => _queue.UploadAsync([.. objects.Select(o => TestObjects.Upload(o.Key, o.Content))], token));

    /// <summary>Cancels the transfer at the time limit, and fails the test even if something ignores the cancellation.</summary>
    private static async Task<TransferReport> WithinTimeLimitAsync(Func<CancellationToken, Task<TransferReport>> transfer)
    {
        using var limit = new CancellationTokenSource(TimeLimit);
        return await transfer(limit.Token).WaitAsync(TimeLimit + TimeSpan.FromSeconds(5));
    }

    /// <summary>The consumer kept exactly these objects, each with the right bytes, and no temporary file is left.</summary>
    private void AssertKeptExactly(params (string Key, byte[] Content)[] objects)
    {
        Assert.Equal(objects.Select(o => o.Key).Order(StringComparer.Ordinal), _consumer.KeptKeys);
        foreach (var (key, content) in objects)
        {
            Assert.Equal(content, File.ReadAllBytes(_consumer.PathOf(key)));
        }
        Assert.Empty(_consumer.LeftoverTempFiles);
    }

    private static Func<ProxiedRequest, bool> GetOf(string key) =>
        r => r.Method == "GET" && r.Path.EndsWith(key, StringComparison.Ordinal);

    private static Func<ProxiedRequest, bool> PutOf(string key) =>
        r => r.Method == "PUT" && r.Path.EndsWith(key, StringComparison.Ordinal);
}
