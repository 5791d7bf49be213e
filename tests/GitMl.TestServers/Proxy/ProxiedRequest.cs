namespace GitMl.TestServers;

/// <summary>A request that reached <see cref="FaultProxy"/>: its method, target (path and query), headers, and the fault it got.</summary>
public sealed record ProxiedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public ProxyFault? Fault { get; init; }

    /// <summary>The path without the query string.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>The query string without '?' ("" when none).</summary>
    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : "";

    public override string ToString() => $"{Method} {Target}{(Fault is null ? "" : " -> " + Fault)}";
}
