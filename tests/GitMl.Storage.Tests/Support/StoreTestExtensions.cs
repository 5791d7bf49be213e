using System.Security.Cryptography;

namespace GitMl.Storage.Tests.Support;

/// <summary>Shortcuts for adapter tests: put bytes, read them back whole, name keys as git-ml does.</summary>
public static class StoreTestExtensions
{
    /// <summary>Random bytes; the same seed gives the same bytes.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>git-ml's key for content: ab/cd/&lt;sha256 hex&gt;.</summary>
    public static string KeyFor(ReadOnlySpan<byte> content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        return $"{hex[..2]}/{hex[2..4]}/{hex}";
    }

    public static Task PutBytesAsync(this IBlobStore store, string key, byte[] content) =>
        store.PutAsync(key, new MemoryStream(content, writable: false), content.Length, SHA256.HashData(content), CancellationToken.None);

    /// <summary>Puts <paramref name="content"/> under its own content key and returns the key.</summary>
    public static async Task<string> PutContentAsync(this IBlobStore store, byte[] content)
    {
        var key = KeyFor(content);
        await store.PutBytesAsync(key, content);
        return key;
    }

    public static async Task<byte[]> ReadAllAsync(this IBlobStore store, string key)
    {
        await using var download = await store.GetAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<List<BlobInfo>> ListAllAsync(this IBlobStore store, string prefix = "")
    {
        var all = new List<BlobInfo>();
        await foreach (var item in store.ListAsync(prefix, CancellationToken.None))
        {
            all.Add(item);
        }

        return all;
    }
}
