using System.Globalization;
using GitMl.Git;

namespace GitMl.Core.Maintenance;

/// <summary>
/// How recent a stored object must be for gc to leave it alone whatever refers to it, like git's gc.pruneExpire: an
/// object written (or added again, which refreshes its time) after <see cref="Cutoff"/> is never deleted, so gc cannot
/// race a `git add`, a checkout, a fetch or a push that has stored an object but not yet recorded it anywhere. For a
/// remote, an object's time is its upload time (the store's last-modified). Set by ml.gc.pruneExpire in git config
/// (default 2.weeks.ago; git's forms: now, never, 2.weeks.ago, 2026-01-31), replaced by `--prune=DATE`. A committed
/// .mlconfig cannot set it: a cloned repository must not be able to shorten it.
/// </summary>
/// <param name="Cutoff">Objects written after this (UTC) are kept. DateTime.MaxValue: none is ("now").</param>
/// <param name="Setting">Where the cutoff came from, for messages: "ml.gc.pruneExpire = 2.weeks.ago", "--prune=now".</param>
public sealed record GracePeriod(DateTime Cutoff, string Setting)
{
    /// <summary>The git config key; read from git config only, never from .mlconfig.</summary>
    public const string Key = "ml.gc.pruneExpire";

    public const string Default = "2.weeks.ago";

    /// <summary>The grace period from <paramref name="prune"/> (the --prune option) when given, else from git config.</summary>
    /// <exception cref="FormatException">The date is not one git understands.</exception>
    public static GracePeriod Resolve(MlRepository repo, string? prune)
    {
        var cutoff = GitExpiryDate.Read(repo.Git, Key, Default, prune);
        if (prune is not null)
        {
            return new GracePeriod(cutoff, $"--prune={prune}");
        }
        string configured = GitConfig.ReadValue(repo.Git, Key) ?? "";
        return new GracePeriod(cutoff, $"{Key} = {(configured.Length > 0 ? configured : Default)}");
    }

    /// <summary>Whether an object written at <paramref name="writtenUtc"/> is too recent to delete; an unknown time
    /// protects it unless everything may go.</summary>
    public bool Protects(DateTime? writtenUtc) => writtenUtc is { } t ? t > Cutoff : Cutoff != DateTime.MaxValue;

    /// <summary>"stored since 2026-11-20 22:00 UTC (ml.gc.pruneExpire = 2.weeks.ago)", or "(… = never)".</summary>
    public string Describe() => Cutoff == DateTime.MinValue
        ? $"kept whatever their age ({Setting})"
        : $"stored since {Cutoff.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC ({Setting})";
}
