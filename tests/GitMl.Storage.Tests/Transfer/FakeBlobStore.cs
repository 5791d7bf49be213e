using System.Collections.Concurrent;

namespace GitMl.Storage.Tests.Transfer;

/// <summary>
/// An in-memory <see cref="IBlobStore"/> for the transfer queue's logic: it can be told to fail an operation on a
/// key a number of times, to serve damaged bytes, or to hold operations open, and it records attempts, batches
/// and how many operations overlapped. (The real backends are tested by the contract suite.)
/// </summary>
internal sealed class FakeBlobStore : IBlobStore
{
    public const string Name = "fake://bucket/prefix";

    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Operation, string), Fault> _faults = new();
    private readonly ConcurrentDictionary<(Operation, string), int> _attempts = new();
    private readonly ConcurrentQueue<int> _existsBatches = new();
    private readonly ConcurrentQueue<int> _flushes = new();
    private int _putsDone;
    private readonly InFlight _puts = new();

    public enum Operation
    {
        Exists,
        Put,
        Get,

        /// <summary>A flush; its key is <see cref="FlushKey"/>.</summary>
        Flush,
    }

    public const string FlushKey = "";

    public string Description => Name;

    /// <summary>Each put stays in flight at least this long (so that concurrent puts overlap).</summary>
    public TimeSpan PutDuration { get; set; }

    /// <summary>When set, every put waits for this before it completes (and honours cancellation meanwhile).</summary>
    public Task? PutGate { get; set; }

    /// <summary>When set, each flush waits for this task to complete (after it is recorded in <see cref="Flushes"/>).</summary>
    public Task? FlushGate { get; set; }

    public int MaxConcurrentPuts => _puts.Max;

    /// <summary>Sizes of the ExistsAsync batches asked, in order.</summary>
    public IReadOnlyList<int> ExistsBatches => [.. _existsBatches];

    public IReadOnlyDictionary<string, byte[]> Objects => _objects;

    /// <summary>For each flush, in order: how many puts had completed when it was asked for.</summary>
    public IReadOnlyList<int> Flushes => [.. _flushes];

    public void Add(string key, byte[] content) => _objects[key] = content;

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operation"/> on <paramref name="key"/>
    /// throw what <paramref name="error"/> makes. For <see cref="Operation.Exists"/>, the key is a batch's first key.</summary>
    public void Fail(Operation operation, string key, int times, Func<Exception> error) =>
        _faults[(operation, key)] = new Fault(times, error, null);

    /// <summary>The next <paramref name="times"/> gets of <paramref name="key"/> serve <paramref name="damage"/> of its bytes.</summary>
    public void Damage(string key, int times, Func<byte[], byte[]> damage) =>
        _faults[(Operation.Get, key)] = new Fault(times, null, damage);

    public int Attempts(Operation operation, string key) => _attempts.GetValueOrDefault((operation, key));

    public Task<IReadOnlySet<string>> ExistsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        _existsBatches.Enqueue(keys.Count);
        Attempt(Operation.Exists, keys.First());
        return Task.FromResult<IReadOnlySet<string>>(keys.Where(_objects.ContainsKey).ToHashSet());
    }

    public async Task PutAsync(string key, Stream content, long length, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken)
    {
        using (_puts.Enter())
        {
            Attempt(Operation.Put, key);
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            await Task.Delay(PutDuration, cancellationToken);
            if (PutGate is not null)
            {
                await PutGate.WaitAsync(cancellationToken);
            }
            _objects[key] = copy.ToArray();
            Interlocked.Increment(ref _putsDone);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushes.Enqueue(Volatile.Read(ref _putsDone));
        Attempt(Operation.Flush, FlushKey);
        if (FlushGate is not null)
        {
            await FlushGate.WaitAsync(cancellationToken);
        }
    }

    public Task<BlobDownload> GetAsync(string key, CancellationToken cancellationToken)
    {
        var fault = Attempt(Operation.Get, key);
        if (!_objects.TryGetValue(key, out byte[]? content))
        {
            throw new BlobNotFoundException(Name, key);
        }
        byte[] served = fault?.Damage is { } damage ? damage([.. content]) : content;
        return Task.FromResult(new BlobDownload(new MemoryStream(served, writable: false), served.Length));
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var (key, content) in _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            yield return new BlobInfo(key, content.Length);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Counts an attempt and applies the fault planned for it, if any: throws its error, or returns it
    /// so the caller can apply its damage.</summary>
    private Fault? Attempt(Operation operation, string key)
    {
        _attempts.AddOrUpdate((operation, key), 1, (_, n) => n + 1);
        if (!_faults.TryGetValue((operation, key), out var fault) || !fault.TryUse())
        {
            return null;
        }
        if (fault.Error is not null)
        {
            throw fault.Error();
        }
        return fault;
    }

    private sealed class Fault(int times, Func<Exception>? error, Func<byte[], byte[]>? damage)
    {
        private int _left = times;

        public Func<Exception>? Error => error;

        public Func<byte[], byte[]>? Damage => damage;

        public bool TryUse() => Interlocked.Decrement(ref _left) >= 0;
    }
}
