using System.Text.Json.Nodes;

namespace GitMl.Core.Params;

/// <summary>
/// A value read from a YAML (or other) source, with the line it starts on, so that errors found later (a wrong type,
/// an unknown key, a failed ${...}) can name the line. Scalars are already typed (YAML 1.2 core schema); see
/// <see cref="YamlSource"/>.
/// </summary>
internal abstract record SourceNode(int Line)
{
    /// <summary>
    /// Where the node is in the source text (character offsets, end excluded), when it was read from text. YamlDotNet
    /// knows where scalars end, not collections: for a list or a mapping, End is Start.
    /// </summary>
    public (int Start, int End)? Span { get; init; }

    /// <summary>The value as a JSON tree: strings, numbers (integers as long, floats as double), booleans, null, arrays, objects.</summary>
    public abstract JsonNode? ToJson();

    /// <summary>A short name of the node's type for error messages ("a string", "a list", ...).</summary>
    public abstract string Describe();

    /// <summary>Builds a source tree from a JSON value, every node on <paramref name="line"/> (values substituted by ${...}).</summary>
    public static SourceNode FromJson(JsonNode? value, int line) => value switch
    {
        JsonObject o => new SourceMap(o.Select(p => new SourceEntry(p.Key, line, FromJson(p.Value, line))).ToList(), line),
        JsonArray a => new SourceList(a.Select(v => FromJson(v, line)).ToList(), line),
        _ => new SourceScalar(value?.DeepClone(), null, line),
    };
}

/// <param name="Value">The typed value; null for YAML null (~, null, or nothing).</param>
/// <param name="Raw">The text as written, for a plain (unquoted) YAML scalar; null otherwise.</param>
internal sealed record SourceScalar(JsonNode? Value, string? Raw, int Line) : SourceNode(Line)
{
    /// <summary>The value when it is a string, else null.</summary>
    public string? Text => Value is JsonValue v && v.TryGetValue<string>(out string? s) ? s : null;

    public override JsonNode? ToJson() => Value?.DeepClone();

    public override string Describe() => ParamValues.Describe(Value);
}

internal sealed record SourceList(IReadOnlyList<SourceNode> Items, int Line) : SourceNode(Line)
{
    public override JsonNode? ToJson() => new JsonArray(Items.Select(i => i.ToJson()).ToArray());

    public override string Describe() => "a list";
}

internal sealed record SourceEntry(string Key, int Line, SourceNode Value);

internal sealed record SourceMap(IReadOnlyList<SourceEntry> Entries, int Line) : SourceNode(Line)
{
    public SourceEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    public override JsonNode? ToJson()
    {
        var result = new JsonObject();
        foreach (var entry in Entries)
        {
            result[entry.Key] = entry.Value.ToJson();
        }
        return result;
    }

    public override string Describe() => "a mapping";
}
