using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitMl.Core.Params;

/// <summary>
/// How parameter values are represented: <see cref="JsonNode"/> trees whose scalars keep the type they had in the
/// params file. Integers are <c>JsonValue</c>s of <see cref="long"/> (or, beyond its range, a JSON number parsed
/// from the exact digits), floats are <c>JsonValue</c>s of <see cref="double"/>, so 1 and 1.0 stay different, as they
/// are for DVC (Python int and float). Use <see cref="IsInteger"/> and <see cref="IsFloat"/> rather than guessing
/// from the number's text.
/// </summary>
public static class ParamValues
{
    public static JsonValue Integer(long value) => JsonValue.Create(value);

    public static JsonValue Integer(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue
            ? JsonValue.Create((long)value)
            : (JsonValue)JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>
    /// A float, written to JSON with Python's spelling (1.0 stays 1.0, 1e-05 stays 1e-05: a double's own JSON form
    /// drops the ".0", and `--json` output would show a float as an integer). NaN and the infinities, which JSON
    /// cannot hold, stay plain doubles.
    /// </summary>
    public static JsonValue Float(double value) =>
        double.IsFinite(value) ? (JsonValue)JsonNode.Parse(PythonText.Float(value))! : JsonValue.Create(value);

    /// <summary>True for an integer (Python int), false for a float, a string or anything else.</summary>
    public static bool IsInteger(JsonNode? value)
    {
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (v.TryGetValue<JsonElement>(out var element))
        {
            return IsIntegerText(element.GetRawText());
        }
        return v.TryGetValue<long>(out _) || v.TryGetValue<int>(out _) || v.TryGetValue<ulong>(out _) || v.TryGetValue<uint>(out _)
            || v.TryGetValue<short>(out _) || v.TryGetValue<ushort>(out _) || v.TryGetValue<byte>(out _) || v.TryGetValue<sbyte>(out _);
    }

    /// <summary>True for a floating-point number (Python float).</summary>
    public static bool IsFloat(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !IsInteger(v);

    /// <summary>The value of a number as a double (integers too); false when it is not a number.</summary>
    public static bool TryGetDouble(JsonNode? value, out double result)
    {
        result = 0;
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (v.TryGetValue<JsonElement>(out var element))
        {
            result = element.GetDouble();
            return true;
        }
        if (v.TryGetValue<double>(out double d))
        {
            result = d;
        }
        else if (v.TryGetValue<float>(out float f))
        {
            result = f;
        }
        else if (v.TryGetValue<decimal>(out decimal m))
        {
            result = (double)m;
        }
        else if (v.TryGetValue<long>(out long l))
        {
            result = l;
        }
        else if (v.TryGetValue<int>(out int i))
        {
            result = i;
        }
        else
        {
            result = double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
        }
        return true;
    }

    /// <summary>"a string", "an integer", "a float", "a boolean", "null", "a list", "a mapping": for error messages.</summary>
    public static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Number => IsInteger(value) ? "an integer" : "a float",
            _ => "null",
        },
    };

    internal static bool IsIntegerText(string text) => text.AsSpan().IndexOfAny(".eE") < 0;
}
