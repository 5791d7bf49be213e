using System.Text.Json.Serialization;

namespace GitMl.Core.Registry;

// The registry file's shape (docs/spec/registry.md). Property order is the file's key order; every key is required
// on read and written even when null; maps are written in the order the writer gives them (ModelFile sorts them).

/// <summary>NAME.json: one model.</summary>
public sealed class ModelFileJson
{
    public required int Schema { get; init; }

    public required string Name { get; init; }

    public required int LastVersion { get; init; }

    public required IDictionary<string, int> Stages { get; init; }

    public required IDictionary<string, int> Previous { get; init; }

    public required IDictionary<string, int> Aliases { get; init; }

    public required IList<ModelFileVersion> Versions { get; init; }

    public required IList<ModelFileEvent> Events { get; init; }
}

/// <summary>One entry of "versions".</summary>
public sealed class ModelFileVersion
{
    public required int Version { get; init; }

    public required string Kind { get; init; }

    public required string Oid { get; init; }

    public required long Size { get; init; }

    public required string Path { get; init; }

    public required string? Commit { get; init; }

    public required string? Run { get; init; }

    public required string? Semver { get; init; }

    public required string User { get; init; }

    public required string Time { get; init; }

    public required string Message { get; init; }

    public required IDictionary<string, string> Params { get; init; }

    public required IDictionary<string, double> Metrics { get; init; }

    public required IList<ModelFileData> Data { get; init; }

    public required string? Archived { get; init; }

    public required string? Deleted { get; init; }

    public required long? ManifestSize { get; init; }
}

/// <summary>One entry of a version's "data" (its run's input data).</summary>
public sealed class ModelFileData
{
    public required string Path { get; init; }

    public required string Oid { get; init; }

    public required long Size { get; init; }
}

/// <summary>One entry of "events", the audit trail.</summary>
public sealed class ModelFileEvent
{
    public required string Time { get; init; }

    public required string User { get; init; }

    public required string Action { get; init; }

    public required int Version { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string Message { get; init; }

    public required string Detail { get; init; }
}

/// <summary>
/// Source-generated (de)serialization of <see cref="ModelFileJson"/>: camelCase keys, nulls written, a null where
/// the file needs a value refused, a key given twice refused (a hand-edited file is rejected, not half-read).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ModelFileJson))]
public sealed partial class ModelFileJsonContext : JsonSerializerContext;
