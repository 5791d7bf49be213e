namespace GitMl.Storage;

/// <summary>An object being read: its bytes as a stream (dispose it) and its length, when the store knows it.</summary>
public sealed class BlobDownload(Stream content, long? length) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long? Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
