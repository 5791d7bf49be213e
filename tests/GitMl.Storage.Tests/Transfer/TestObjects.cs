using System.Security.Cryptography;
using System.Text;

namespace GitMl.Storage.Tests.Transfer;

/// <summary>Objects and transfer items for the queue's tests.</summary>
internal static class TestObjects
{
    /// <summary>Content that differs per key, <paramref name="size"/> bytes long.</summary>
    public static byte[] Content(string key, int size = 1000)
    {
        byte[] seed = Encoding.UTF8.GetBytes(key);
        return [.. Enumerable.Range(0, size).Select(i => (byte)(seed[i % seed.Length] + i))];
    }

    public static UploadItem Upload(string key, byte[] content, Func<byte[], Stream>? open = null) =>
        new(key, content.Length, SHA256.HashData(content), () => open is null ? new MemoryStream(content, writable: false) : open(content));

    public static DownloadItem Download(string key, byte[] content, RecordingConsumer consumer) =>
        new(key, content.Length, SHA256.HashData(content), consumer.For(key));

    public static TransferOptions Options(int jobs = 4, int maxAttempts = 4, int existsBatchSize = 1000) =>
        new(jobs, maxAttempts, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), existsBatchSize);
}
