namespace GitMl.Core.Remotes;

/// <summary>A configured data remote: its name, where it is, and its options (credentials included, never printed).</summary>
public sealed record DataRemote(string Name, RemoteUrl Url, IReadOnlyDictionary<string, string> Options)
{
    public string? Option(string name) => Options.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The remote as people see it: name and URL, no options (options may hold secrets).</summary>
    public override string ToString() => $"{Name} ({Url})";
}
