using System.Text.Json.Nodes;

namespace GitMl.Core.Metrics;

/// <summary>
/// The values of metrics or params files at one revision, flattened: file path -> dotted key -> value, files and keys
/// in the order they were read. A file missing at the revision is simply absent. <see cref="Problems"/> names files
/// that were there but could not be read (not valid, or of an unknown type): shown as warnings, they do not stop the
/// other files from being compared.
/// </summary>
public sealed record RevisionValues(
    string Label,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> Files,
    IReadOnlyList<string> Problems);
