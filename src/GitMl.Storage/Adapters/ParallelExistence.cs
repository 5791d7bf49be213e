using System.Collections.Concurrent;

namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: <see cref="IBlobStore.ExistsAsync"/> by asking about each key on its own (an HTTP
/// HEAD), several at a time. For git-ml's keys (ab/cd/&lt;sha256&gt;) this beats listing: a batch of random hashes
/// spreads over about as many prefixes as keys, and each listing would also return every other object under its
/// prefix, while a HEAD costs one small request per key whatever the store's size.
/// </summary>
public static class ParallelExistence
{
    /// <summary>
    /// The keys for which <paramref name="existsAsync"/> says true, as an ordinal set; each distinct key is asked
    /// once. Every key is checked (<see cref="BlobKeys.ThrowIfInvalid"/>) before the first question.
    /// </summary>
    /// <param name="parallelism">Questions in flight at once.</param>
    /// <param name="existsAsync">Whether one key exists; it throws the backend's <see cref="StorageException"/> when it cannot tell.</param>
    public static async Task<IReadOnlySet<string>> FindAsync(
        IReadOnlyCollection<string> keys, int parallelism, Func<string, CancellationToken, Task<bool>> existsAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(existsAsync);
        foreach (var key in keys)
        {
            BlobKeys.ThrowIfInvalid(key, nameof(keys));
        }

        var found = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), parallel, async (key, token) =>
        {
            if (await existsAsync(key, token))
            {
                found[key] = true;
            }
        });
        return new HashSet<string>(found.Keys, StringComparer.Ordinal);
    }
}
