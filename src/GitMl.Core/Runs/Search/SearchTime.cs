using System.Globalization;

namespace GitMl.Core.Runs.Search;

/// <summary>
/// start_time and end_time are Unix epoch milliseconds; a search may write them as a quoted ISO-8601 date or
/// date/time instead ('2026-01-31', '2026-01-31T12:00:00Z', '2026-01-31T12:00:00+02:00'). Without an offset the
/// time is UTC, so a search means the same on every machine.
/// </summary>
internal static class SearchTime
{
    public const string Examples = "'2026-01-31' or '2026-01-31T12:00:00Z'";

    public static bool TryParseEpochMilliseconds(string text, out double milliseconds)
    {
        milliseconds = 0;
        // Only ISO-8601's year-month-day order: "01/02/2026" means different days in different countries.
        if (text.Length < 10 || !IsDigits(text, 0, 4) || text[4] != '-' || !IsDigits(text, 5, 2) || text[7] != '-' || !IsDigits(text, 8, 2))
        {
            return false;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            return false;
        }
        milliseconds = time.ToUnixTimeMilliseconds();
        return true;
    }

    private static bool IsDigits(string text, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
