using System.Globalization;

namespace GitMl.Storage.Adapters;

/// <summary>
/// A building block for backends: reads an HTTP Retry-After value, delta-seconds ("5") or an HTTP date
/// (RFC 9110, section 10.2.3), into the wait that <see cref="StorageException.RetryAfter"/> carries.
/// </summary>
public static class RetryAfterHeader
{
    /// <summary>The wait the header asks for (zero for a date in the past); null when there is none or it cannot be read.</summary>
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
