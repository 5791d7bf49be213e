using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Metrics;

/// <summary>
/// The change between two numbers, as a reader expects it rather than as binary floating point has it: 0.1 to 0.15
/// is 0.05, not 0.04999999999999999. Integers subtract exactly (an integer result); when a float is involved, both
/// values are taken at their shortest decimal form (the digits the file shows) and subtracted in decimal, falling
/// back to double arithmetic only for values decimal cannot hold exactly (beyond about 28 digits, NaN, infinities).
/// </summary>
public static class NumericDelta
{
    /// <summary><paramref name="newValue"/> minus <paramref name="oldValue"/>; null unless both are numbers (booleans are not).</summary>
    public static JsonValue? Of(JsonNode? oldValue, JsonNode? newValue)
    {
        if (ParamValues.IsInteger(oldValue) && ParamValues.IsInteger(newValue))
        {
            return ParamValues.Integer(Integer(newValue!) - Integer(oldValue!));
        }
        if (!ParamValues.TryGetDouble(oldValue, out double a) || !ParamValues.TryGetDouble(newValue, out double b))
        {
            return null;
        }
        return ParamValues.Float(ExactDecimal(a) is { } x && ExactDecimal(b) is { } y ? ToDouble(y - x) : b - a);
    }

    private static BigInteger Integer(JsonNode value) =>
        BigInteger.Parse(PythonText.Str(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>The double's shortest round-trip digits as a decimal, when that decimal reads back as the same double.</summary>
    private static decimal? ExactDecimal(double value)
    {
        if (!double.IsFinite(value)
            || !decimal.TryParse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d))
        {
            return null;
        }
        return ToDouble(d) == value ? d : null;
    }

    /// <summary>The nearest double (parsing is correctly rounded; the decimal-to-double cast is not always).</summary>
    private static double ToDouble(decimal value) => double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
