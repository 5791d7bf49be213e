namespace GitMl.Core.Objects;

/// <summary>Bytes offered to the store as a given object hash to something else; nothing was stored.</summary>
public sealed class ContentMismatchException(ObjectId expected, ObjectId actual, string source)
    : Exception($"content for object {expected} from {source} hashes to {actual}; nothing was stored")
{
    public ObjectId Expected { get; } = expected;

    public ObjectId Actual { get; } = actual;

    public string ContentSource { get; } = source;
}
