using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitMl.Core.Yaml;

/// <summary>
/// Writes values as YAML text, one canonical way: plain scalars where YAML reads them back as the same string,
/// single quotes otherwise (double quotes with escapes when there are control characters), numbers and booleans
/// as JSON spells them, lists and maps in flow style with sorted keys. Used by every canonical YAML writer
/// (ml.lock), so equal values always produce equal bytes.
/// </summary>
public static class YamlScalars
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".nan", ".inf", "-.inf", "+.inf",
    };

    /// <summary>A string as a YAML scalar that reads back as exactly that string.</summary>
    public static string String(string value)
    {
        if (IsPlainSafe(value))
        {
            return value;
        }
        if (value.Any(char.IsControl))
        {
            return JsonSerializer.Serialize(value, YamlJsonContext.Default.String); // JSON strings are valid double-quoted YAML
        }
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Any value: strings as <see cref="String(string)"/>, numbers and booleans as JSON, null as null, lists and maps in flow style.</summary>
    public static string Value(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonArray array:
                return "[" + string.Join(", ", array.Select(Value)) + "]";
            case JsonObject map:
                return "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{String(p.Key)}: {Value(p.Value)}")) + "}";
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => String(node.GetValue<string>()),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => node.ToJsonString(),
                    _ => "null",
                };
        }
    }

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || Reserved.Contains(value) || LooksNumeric(value))
        {
            return false;
        }
        if (value[0] is ' ' or '-' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' || value[^1] == ' ')
        {
            // "-" alone or "- x" would start a sequence; others are YAML indicators. Paths like "-x" are quoted too.
            return false;
        }
        return !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            && !value.EndsWith(':') && !value.Any(c => char.IsControl(c) || c is '\u0085' or '\u2028' or '\u2029' or '\uFEFF');
    }

    private static bool LooksNumeric(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || value.Replace("_", "", StringComparison.Ordinal).All(char.IsAsciiDigit);

    /// <summary>Writes <paramref name="text"/> with every line indented by <paramref name="indent"/> spaces.</summary>
    public static void AppendIndented(StringBuilder sb, int indent, string text) => sb.Append(' ', indent).Append(text).Append('\n');
}

/// <summary>Source-generated JSON for the one thing YAML writing borrows from JSON: string escaping.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class YamlJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
