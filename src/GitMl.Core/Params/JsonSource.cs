using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Params;

/// <summary>
/// Reads a JSON params file into the value tree of <see cref="ParamValues"/>: numbers written with a fraction or an
/// exponent are floats, others integers (as Python's json module reads them); a key given twice keeps its last value,
/// as in Python.
/// </summary>
internal static class JsonSource
{
    public static JsonNode? Load(string text, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is { } l ? (int)l + 1 : null;
            // The runtime's own message would be a resource key (UseSystemResourceKeys): the position says enough.
            throw new PipelineFormatException(file, line, e.BytePositionInLine is { } at ? $"not valid JSON (at byte {at + 1} of the line)" : "not valid JSON");
        }
    }

    private static JsonNode? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(Convert).ToArray()),
        JsonValueKind.String => JsonValue.Create(element.GetString()!),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Number => Number(element.GetRawText()),
        _ => null,
    };

    private static JsonObject Object(JsonElement element)
    {
        var result = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = Convert(property.Value);
        }
        return result;
    }

    private static JsonValue Number(string raw) =>
        ParamValues.IsIntegerText(raw)
            ? ParamValues.Integer(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
            : ParamValues.Float(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
}
