using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitMl.Core.Params;

/// <summary>
/// Scalars as Python's <c>str()</c> writes them. DVC is written in Python, and the text it builds from parameter
/// values (commands after ${...}, generated stage names, the lock file) follows Python: 0.001 is "0.001", 1e-05 is
/// "1e-05", 100000.0 is "100000.0", True is "True", None is "None". git-ml must produce the same text, or a pipeline
/// would change (and rerun) just because it moved from DVC to git-ml.
/// </summary>
public static class PythonText
{
    /// <summary>
    /// Python's <c>str()</c> of a scalar. Lists and mappings, which DVC never turns into text this way, are written as
    /// compact JSON.
    /// </summary>
    public static string Str(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "None";
            case JsonObject or JsonArray:
                return value.ToJsonString();
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return "True";
            case JsonValueKind.False:
                return "False";
            case JsonValueKind.Number when ParamValues.IsInteger(value):
                return value is JsonValue v && v.TryGetValue<long>(out long l)
                    ? l.ToString(CultureInfo.InvariantCulture)
                    : BigInteger.Parse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case JsonValueKind.Number:
                ParamValues.TryGetDouble(value, out double d);
                return Float(d);
            default:
                return "None";
        }
    }

    /// <summary>
    /// Python's <c>str()</c> of any value, lists and mappings included, as DVC's tables show them: elements as
    /// <c>repr()</c> writes them ("[64, 32]", "{'a': 1, 'b': 'x'}", "[1.0, True, None]"). Scalars as <see cref="Str"/>.
    /// </summary>
    public static string Display(JsonNode? value)
    {
        if (value is not (JsonObject or JsonArray))
        {
            return Str(value);
        }
        var sb = new StringBuilder();
        AppendRepr(sb, value);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, JsonNode? value)
    {
        switch (value)
        {
            case JsonArray array:
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    sb.Append(i > 0 ? ", " : "");
                    AppendRepr(sb, array[i]);
                }
                sb.Append(']');
                return;
            case JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (var (key, item) in obj)
                {
                    sb.Append(first ? "" : ", ");
                    first = false;
                    AppendStringRepr(sb, key);
                    sb.Append(": ");
                    AppendRepr(sb, item);
                }
                sb.Append('}');
                return;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                AppendStringRepr(sb, v.GetValue<string>());
                return;
            default:
                sb.Append(Str(value));
                return;
        }
    }

    /// <summary>Python's <c>repr(str)</c>: single quotes unless the text has one and no double quote; backslash escapes for the rest.</summary>
    private static void AppendStringRepr(StringBuilder sb, string text)
    {
        char quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7F)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append(quote);
    }

    /// <summary>
    /// Python's <c>repr(float)</c> (which is also its <c>str</c>): the shortest digits that read back as the same
    /// double, in fixed notation when the decimal exponent is in [-4, 16), else in scientific notation with a signed,
    /// at least two-digit exponent ("1e-05", "1.5e+16"); integral values get ".0".
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        // .NET's "R" is the shortest round-trip representation, as Python's repr; only the layout differs.
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        int dot = r.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? r : r.Remove(dot, 1);
        int pointAt = (dot < 0 ? r.Length : dot) + exponent;
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointAt -= leadingZeros;
        // Now value = 0.DIGITS x 10^pointAt, as CPython's float_repr_style 'short' has it (decpt).
        var sb = new StringBuilder();
        if (value < 0)
        {
            sb.Append('-');
        }
        if (pointAt is > -4 and <= 16)
        {
            if (pointAt <= 0)
            {
                sb.Append("0.").Append('0', -pointAt).Append(digits);
            }
            else if (pointAt >= digits.Length)
            {
                sb.Append(digits).Append('0', pointAt - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }
            int exp = pointAt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
