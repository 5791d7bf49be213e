using System.Globalization;
using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Metrics;

/// <summary>How values read in a table: as Python's str() writes them (so they match DVC's tables and the params files'
/// own spelling: 0.001, 1e-05, True, None, [64, 32], {'a': 1}), on one line.</summary>
public static class ValueText
{
    /// <summary>What a table shows where a revision has no value (as DVC shows it).</summary>
    public const string Missing = "-";

    /// <summary>A value's text; floats rounded to <paramref name="precision"/> digits after the point when given (integers never are).</summary>
    public static string Format(JsonNode? value, int? precision = null)
    {
        if (precision is { } digits && ParamValues.IsFloat(value) && ParamValues.TryGetDouble(value, out double d) && double.IsFinite(d))
        {
            return PythonText.Float(Round(d, digits));
        }
        return OneLine(PythonText.Display(value));
    }

    /// <summary>Rounds at the value's decimal digits (half to even, as Python's round), not at its binary expansion.</summary>
    private static double Round(double value, int digits)
    {
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (digits > 28 || !decimal.TryParse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact))
        {
            return value;
        }
        return double.Parse(Math.Round(exact, digits, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string OneLine(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
