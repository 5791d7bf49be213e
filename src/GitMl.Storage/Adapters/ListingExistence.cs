using System.Collections.Concurrent;

namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: <see cref="IBlobStore.ExistsAsync"/> for many keys at once, by listing instead of
/// asking about each key. git-ml's keys (ab/cd/&lt;sha256&gt;) spread evenly over 256 first folders, so a batch of a
/// thousand keys puts about four in each: one listing of "ab/" answers all four in one request where HEADs would
/// take four. A listing also returns every other object under its folder, so it only pays while the store is not
/// much larger than the batch: each folder is listed for at most as many pages as it has keys asked about (the cost
/// of asking about them one by one); past that, the keys still unanswered are asked about one by one after all.
/// A folder with a single key asked about is asked about directly.
/// <para>When the keys spread over many folders, one folder is listed first to estimate the store's size (its objects
/// times 256). When listing the whole store takes fewer pages than there are folders to list (a new or small store,
/// or a batch that covers most of it, as a push of everything does), the whole store is listed instead: five pages
/// for five thousand objects rather than 256 listings or 5,000 questions.</para>
/// Whatever the route, the answer is exact.
/// </summary>
public static class ListingExistence
{
    /// <summary>Below this many folders, estimating the store's size costs more than it can save.</summary>
    private const int FoldersWorthAnEstimate = 8;

    /// <summary>git-ml's keys spread evenly over this many first folders (two hex digits).</summary>
    private const int FirstFolders = 256;

    /// <summary>The keys that exist, as an ordinal set; every key is checked (<see cref="BlobKeys.ThrowIfInvalid"/>) first.</summary>
    /// <param name="parallelism">Listings and questions in flight at once.</param>
    /// <param name="pageSize">Objects one listing request returns (1000 for S3, the configured page size for Azure).</param>
    /// <param name="listAsync">The store's listing (<see cref="IBlobStore.ListAsync"/>).</param>
    /// <param name="existsAsync">Whether one key exists; it throws the backend's <see cref="StorageException"/> when it cannot tell.</param>
    public static async Task<IReadOnlySet<string>> FindAsync(
        IReadOnlyCollection<string> keys,
        int parallelism,
        int pageSize,
        Func<string, CancellationToken, IAsyncEnumerable<BlobInfo>> listAsync,
        Func<string, CancellationToken, Task<bool>> existsAsync,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(listAsync);
        ArgumentNullException.ThrowIfNull(existsAsync);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        foreach (var key in keys)
        {
            BlobKeys.ThrowIfInvalid(key, nameof(keys));
        }

        var found = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var groups = keys.Distinct(StringComparer.Ordinal).GroupBy(FirstFolder, StringComparer.Ordinal).ToList();
        var folders = groups.Where(g => g.Key.Length > 0).ToList();
        if (folders.Count >= FoldersWorthAnEstimate)
        {
            var sample = new HashSet<string>(folders[0], StringComparer.Ordinal);
            long? sampled = await CountAsync(listAsync(folders[0].Key, cancellationToken), sample, found, cancellationToken);
            if (sampled is { } count && (count * FirstFolders / pageSize) + 1 < folders.Count)
            {
                var wanted = new HashSet<string>(groups.SelectMany(g => g), StringComparer.Ordinal);
                if (await CountAsync(listAsync("", cancellationToken), wanted, found, cancellationToken) is not null)
                {
                    return new HashSet<string>(found.Keys, StringComparer.Ordinal);
                }
            }
            if (sampled is not null)
            {
                groups.Remove(folders[0]); // answered by the sample's listing
            }
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(groups, parallel, async (group, token) =>
        {
            var unanswered = new HashSet<string>(group, StringComparer.Ordinal);
            if (group.Key.Length > 0 && unanswered.Count > 1 && await ListedAllAsync(listAsync(group.Key, token), unanswered, (long)unanswered.Count * pageSize, found, token))
            {
                // The listing ended: what it did not return does not exist.
                unanswered.Clear();
            }
            foreach (string key in unanswered)
            {
                if (await existsAsync(key, token))
                {
                    found[key] = true;
                }
            }
        });
        return new HashSet<string>(found.Keys, StringComparer.Ordinal);
    }

    /// <summary>
    /// Enumerates a listing for at most <paramref name="budget"/> objects, moving the keys it returns from
    /// <paramref name="unanswered"/> to <paramref name="found"/>. True when the listing was read to its end (or answered
    /// every key); false when the budget ran out or the listing failed (a missing bucket, say): the keys left are then
    /// asked about one by one, which also reports such a failure the way a question about one key does.
    /// </summary>
    private static async Task<bool> ListedAllAsync(
        IAsyncEnumerable<BlobInfo> listing, HashSet<string> unanswered, long budget, ConcurrentDictionary<string, bool> found, CancellationToken cancellationToken)
    {
        long listed = 0;
        try
        {
            await foreach (var blob in listing.WithCancellation(cancellationToken))
            {
                if (unanswered.Remove(blob.Key))
                {
                    found[blob.Key] = true;
                }
                if (unanswered.Count == 0)
                {
                    return true;
                }
                if (++listed >= budget)
                {
                    return false;
                }
            }
            return true;
        }
        catch (StorageException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a whole listing, marking the <paramref name="wanted"/> keys it returns as found; the number of objects
    /// listed, or null when the listing failed (the caller then takes another route).
    /// </summary>
    private static async Task<long?> CountAsync(IAsyncEnumerable<BlobInfo> listing, HashSet<string> wanted, ConcurrentDictionary<string, bool> found, CancellationToken cancellationToken)
    {
        long count = 0;
        try
        {
            await foreach (var blob in listing.WithCancellation(cancellationToken))
            {
                count++;
                if (wanted.Contains(blob.Key))
                {
                    found[blob.Key] = true;
                }
            }
            return count;
        }
        catch (StorageException)
        {
            return null;
        }
    }

    /// <summary>"ab/" for "ab/cd/x"; "" for a key with no folder (asked about directly).</summary>
    private static string FirstFolder(string key) => key.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? key[..(slash + 1)] : "";
}
