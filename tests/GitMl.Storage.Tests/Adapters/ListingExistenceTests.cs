using System.Runtime.CompilerServices;
using GitMl.Storage.Adapters;

namespace GitMl.Storage.Tests.Adapters;

/// <summary>
/// <see cref="ListingExistence"/> against an in-memory store that counts requests: the answer is always exact, and
/// listing is used only where it takes fewer requests than asking about each key.
/// </summary>
public sealed class ListingExistenceTests
{
    private const int PageSize = 1000;

    [Fact]
    public async Task A_big_batch_is_answered_exactly_with_far_fewer_requests_than_one_per_key()
    {
        var keys = Keys(1000, seed: 1);
        var store = new CountingStore(keys.Where((_, i) => i % 2 == 0).Concat(Keys(300, seed: 2)));

        var found = await Find(store, keys);

        Assert.Equal(keys.Where((_, i) => i % 2 == 0).Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.True(store.Requests < 400, $"{store.Requests} requests for 1000 keys");
        Assert.True(store.Listings > 0);
    }

    [Fact]
    public async Task A_batch_covering_a_small_store_lists_the_whole_store_once_after_sampling_one_folder()
    {
        var keys = Keys(1000, seed: 3);
        var store = new CountingStore(keys.Take(700));

        var found = await Find(store, keys);

        Assert.Equal(keys.Take(700).Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(2, store.Listings);
        Assert.Equal(0, store.Heads);
    }

    [Fact]
    public async Task A_store_much_larger_than_the_batch_is_listed_folder_by_folder_not_whole()
    {
        var keys = Keys(100, seed: 4);
        var store = new CountingStore(keys.Take(50).Concat(Keys(100_000, seed: 5)));

        var found = await Find(store, keys);

        Assert.Equal(keys.Take(50).Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.True(store.Listed < 100_000, $"listed {store.Listed} objects: the whole store");
    }

    [Fact]
    public async Task A_folder_with_one_key_asked_about_is_not_listed()
    {
        var store = new CountingStore(["ab/cd/1", "ef/01/2"]);

        var found = await Find(store, ["ab/cd/1", "ef/01/3"]);

        Assert.Equal(["ab/cd/1"], found);
        Assert.Equal(0, store.Listings);
        Assert.Equal(2, store.Heads);
    }

    [Fact]
    public async Task A_folder_much_larger_than_the_batch_is_listed_only_up_to_the_cost_of_asking_key_by_key()
    {
        // 2 keys asked in a folder of 5,000 objects: listing it all would take 5 pages, asking takes 2 requests.
        var crowd = Enumerable.Range(0, 5000).Select(i => $"ab/{i % 256:x2}/crowd{i:D5}").ToList();
        var store = new CountingStore(crowd.Append("ab/zz/wanted"));

        var found = await Find(store, ["ab/zz/wanted", "ab/zz/absent"]);

        Assert.Equal(["ab/zz/wanted"], found);
        Assert.True(store.Listed <= 2 * PageSize, $"listed {store.Listed} objects");
        Assert.True(store.Heads <= 2);
    }

    [Fact]
    public async Task A_listing_that_fails_falls_back_to_asking_about_each_key()
    {
        var store = new CountingStore(["ab/cd/1", "ab/cd/2"]) { ListingFails = true };

        var found = await Find(store, ["ab/cd/1", "ab/cd/2", "ab/cd/3"]);

        Assert.Equal(["ab/cd/1", "ab/cd/2"], found.Order(StringComparer.Ordinal));
        Assert.Equal(3, store.Heads);
    }

    [Fact]
    public async Task A_key_asked_twice_is_answered_once_and_invalid_keys_are_refused_before_any_request()
    {
        var store = new CountingStore(["ab/cd/1"]);
        Assert.Equal(["ab/cd/1"], await Find(store, ["ab/cd/1", "ab/cd/1"]));
        await Assert.ThrowsAsync<ArgumentException>(() => Find(store, ["ab/cd/1", "../x"]));
    }

    private static async Task<List<string>> Find(CountingStore store, IReadOnlyCollection<string> keys) =>
        [.. await ListingExistence.FindAsync(keys, parallelism: 4, PageSize, store.ListAsync, store.ExistsAsync, CancellationToken.None)];

    private static List<string> Keys(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            string hex = Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));
            return $"{hex[..2]}/{hex[2..4]}/{hex}";
        }).ToList();
    }

    private sealed class CountingStore(IEnumerable<string> keys)
    {
        private readonly SortedSet<string> _keys = new(keys, StringComparer.Ordinal);
        private int _heads;
        private int _listings;
        private long _listed;

        public bool ListingFails { get; init; }

        public int Heads => _heads;

        public int Listings => _listings;

        public long Listed => Interlocked.Read(ref _listed);

        /// <summary>List pages plus HEADs: what a real store would have been asked.</summary>
        public long Requests => _heads + (long)_listings + (Listed / PageSize);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _heads);
            return Task.FromResult(_keys.Contains(key));
        }

        public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _listings);
            await Task.Yield();
            if (ListingFails)
            {
                throw new StorageException("NoSuchBucket", isTransient: false);
            }
            foreach (string key in _keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                Interlocked.Increment(ref _listed);
                yield return new BlobInfo(key, 1);
            }
        }
    }
}
