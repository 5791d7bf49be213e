namespace GitMl.Storage.IO;

/// <summary>Reports every chunk read through it to <paramref name="advance"/> (bytes moved, for progress).</summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> advance) : ObservedReadStream(inner)
{
    protected override void OnChunk(ReadOnlySpan<byte> chunk) => advance(chunk.Length);

    protected override void OnEnd() { }
}
