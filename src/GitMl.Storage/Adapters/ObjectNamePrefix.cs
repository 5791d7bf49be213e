namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends that keep a store's objects under a name prefix in a bucket or container
/// (s3://bucket/PREFIX/ab/cd/ef): turns keys into object names and back, and checks keys and listing prefixes
/// with <see cref="BlobKeys"/> on the way, so every backend accepts exactly the keys the others accept.
/// </summary>
public sealed class ObjectNamePrefix
{
    /// <param name="configured">The prefix as a user wrote it: leading and trailing slashes do not matter.</param>
    public ObjectNamePrefix(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var trimmed = configured.Trim('/');
        Value = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <summary>The normalized prefix: "" or a path that ends with exactly one '/' and does not start with one.</summary>
    public string Value { get; }

    /// <summary>The object name of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is not valid (<see cref="BlobKeys.ThrowIfInvalid"/>).</exception>
    public string NameOf(string key)
    {
        BlobKeys.ThrowIfInvalid(key);
        return Value + key;
    }

    /// <summary>The name prefix to list for the keys that start with <paramref name="prefix"/>.</summary>
    /// <exception cref="ArgumentException">The prefix cannot start a valid key (<see cref="BlobKeys.ThrowIfInvalidPrefix"/>).</exception>
    public string ListingPrefixOf(string prefix)
    {
        BlobKeys.ThrowIfInvalidPrefix(prefix);
        return Value + prefix;
    }

    /// <summary>The key of an object the service listed under this prefix.</summary>
    public string KeyOf(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        return objectName[Value.Length..];
    }

    public override string ToString() => Value;
}
