using System.Globalization;

namespace GitMl.Storage.Azure;

/// <summary>Reads an HTTP Retry-After value: delta-seconds ("5") or an HTTP date (RFC 7231, section 7.1.3).</summary>
/// <remarks>The same class lives in GitMl.Storage.S3: adapters depend on GitMl.Storage only, not on each other.</remarks>
internal static class RetryAfterHeader
{
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
