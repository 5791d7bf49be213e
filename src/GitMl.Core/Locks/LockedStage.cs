using System.Text.Json.Nodes;

namespace GitMl.Core.Locks;

/// <summary>
/// What one stage's last successful run used and produced.
/// </summary>
/// <param name="Command">The command(s), joined by newlines.</param>
/// <param name="Params">Parameter values by params file, then by dotted key, as they were (numbers, strings, booleans, lists, maps).</param>
/// <param name="Extra">Stage keys other than cmd, deps, params and outs, kept as they were (YAML text per key).</param>
public sealed record LockedStage(
    string Command,
    IReadOnlyList<LockedPath> Deps,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> Params,
    IReadOnlyList<LockedPath> Outs,
    IReadOnlyDictionary<string, string> Extra);
