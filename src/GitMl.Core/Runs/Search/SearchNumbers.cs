using System.Globalization;

namespace GitMl.Core.Runs.Search;

/// <summary>How the search language reads text as a number, in one place: invariant culture, decimal or exponent form.</summary>
internal static class SearchNumbers
{
    public static bool TryParse(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}
