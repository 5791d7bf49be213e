using System.Text.Json.Serialization;

namespace GitMl.Core.Drift;

/// <summary>
/// Source-generated JSON for <see cref="DriftReport"/> (the `--json` output of `git ml drift`): camelCase names, kinds
/// as strings, nulls written out so a script sees every key. Generated, not reflection-based, because git-ml is
/// compiled ahead of time.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DriftReport))]
public sealed partial class DriftJsonContext : JsonSerializerContext;
