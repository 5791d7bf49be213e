namespace GitMl.Protocol.FilterProcess;

/// <summary>
/// One clean or smudge request. <see cref="Content"/> yields the bytes git sent and ends where git's content
/// ends. <see cref="Metadata"/> holds every other key git sent with the request (ref, treeish, blob, ...).
/// </summary>
public sealed record FilterRequest(
    FilterCommand Command,
    string Pathname,
    IReadOnlyDictionary<string, string> Metadata,
    Stream Content);
