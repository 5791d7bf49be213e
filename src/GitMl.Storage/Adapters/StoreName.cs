namespace GitMl.Storage.Adapters;

/// <summary>How backends name themselves in messages (<see cref="IBlobStore.Description"/>), the same way for all.</summary>
public static class StoreName
{
    /// <summary>"cloud (s3://bucket/prefix/)" when the store has a name people know it by, else the URL alone.</summary>
    public static string Describe(string? name, string url) => string.IsNullOrEmpty(name) ? url : $"{name} ({url})";
}
