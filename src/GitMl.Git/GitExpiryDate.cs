using System.Globalization;

namespace GitMl.Git;

/// <summary>
/// Git's expiry dates, as gc.pruneExpire and gc.reflogExpire take them ("2.weeks.ago", "90.days", "now", "never",
/// "2026-01-31"), read by git itself (`git config --type=expiry-date`), so every form means exactly what it means to
/// git. A date is a cutoff: what is older than it has expired.
/// </summary>
public static class GitExpiryDate
{
    private const string GivenKey = "gitml.expirydate";

    /// <summary>
    /// The cutoff config <paramref name="key"/> sets (or <paramref name="defaultValue"/> when unset), in UTC: DateTime.MaxValue
    /// for "now" and "all" (everything has expired), DateTime.MinValue for "never" and "false" (nothing has).
    /// <paramref name="given"/>, when not null, is used instead of the configured value (a command-line option).
    /// </summary>
    /// <exception cref="FormatException">The value is not a date git understands (the message says which and shows valid ones).</exception>
    public static DateTime Read(GitCli git, string key, string defaultValue, string? given = null)
    {
        // A given value is read under a key of its own: git checks every value of the key it reads, so a bad
        // configured one would otherwise fail a valid --prune.
        var result = given is null
            ? git.Run(["config", "--type=expiry-date", $"--default={defaultValue}", key])
            : git.Run(["-c", $"{GivenKey}={given}", "config", "--type=expiry-date", GivenKey]);
        if (!result.Succeeded || !ulong.TryParse(result.StdoutText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seconds))
        {
            const string Examples = "examples: now, never, 2.weeks.ago, 90.days.ago, 2026-01-31";
            throw new FormatException(given is not null
                ? $"'{given}' is not a date git understands ({Examples})"
                : $"git config {key} is not a date git understands ({Examples}); fix it with: git config {key} {defaultValue}");
        }
        return seconds switch
        {
            0 => DateTime.MinValue,
            > 253402300799 => DateTime.MaxValue, // "now" and "all" are the largest time git has; so is anything past year 9999
            _ => DateTime.UnixEpoch.AddSeconds(seconds),
        };
    }
}
