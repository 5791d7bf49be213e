using System.Collections.Concurrent;

namespace GitMl.Storage.Tests.Transfer;

/// <summary>
/// A download consumer that behaves as git-ml's object store does: it copies the stream somewhere private and
/// keeps the bytes only when the whole stream was read without an error. It records what it kept, what errors
/// reading threw, and how many consumers ran at once.
/// </summary>
internal sealed class RecordingConsumer
{
    private readonly ConcurrentDictionary<string, byte[]> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, Exception Error)> _errors = new();
    private readonly InFlight _inFlight = new();

    /// <summary>Each consumer keeps its object in flight at least this long.</summary>
    public TimeSpan Duration { get; set; }

    public IReadOnlyDictionary<string, byte[]> Kept => _kept;

    public IReadOnlyList<(string Key, Exception Error)> Errors => [.. _errors];

    public int MaxConcurrent => _inFlight.Max;

    public Func<Stream, CancellationToken, Task> For(string key) => async (stream, cancellationToken) =>
    {
        using (_inFlight.Enter())
        {
            using var copy = new MemoryStream();
            try
            {
                await stream.CopyToAsync(copy, cancellationToken);
                await Task.Delay(Duration, cancellationToken);
            }
            catch (Exception e)
            {
                _errors.Enqueue((key, e));
                throw;
            }
            _kept[key] = copy.ToArray();
        }
    };
}
