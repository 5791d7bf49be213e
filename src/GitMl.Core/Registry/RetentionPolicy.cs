using System.Globalization;
using GitMl.Core.Settings;

namespace GitMl.Core.Registry;

/// <summary>
/// Which model versions `git ml model prune` may mark deleted, from the committed .mlconfig (or any git config):
/// <c>ml.registry.archivedRetentionDays</c> (a version archived at least that many days ago) and
/// <c>ml.registry.keepVersions</c> (a version older than the newest K versions that are not deleted). Each rule is
/// optional and either one allows pruning; with neither set nothing is pruned. A version in a stage, the target of an
/// alias or a rollback target (N-1) is never pruned, whatever the policy.
/// </summary>
public sealed record RetentionPolicy(int? ArchivedRetentionDays, int? KeepVersions)
{
    public static RetentionPolicy None { get; } = new(null, null);

    public bool IsEmpty => ArchivedRetentionDays is null && KeepVersions is null;

    public static RetentionPolicy From(MlSettings settings) => new(settings.RegistryArchivedRetentionDays, settings.RegistryKeepVersions);

    /// <summary>The versions the policy allows to delete, each with the rule that allows it.</summary>
    public IReadOnlyList<(ModelVersion Version, string Reason)> Candidates(ModelRecord model, DateTimeOffset now)
    {
        var live = model.Versions.Where(v => !v.IsDeleted).OrderByDescending(v => v.Number).ToList();
        var kept = KeepVersions is int k ? live.Take(k).Select(v => v.Number).ToHashSet() : null;
        var protectedVersions = model.Protected;
        var result = new List<(ModelVersion, string)>();
        foreach (var version in live.OrderBy(v => v.Number))
        {
            if (protectedVersions.Contains(version.Number))
            {
                continue;
            }
            if (ArchivedRetentionDays is int days && version.Archived is { } archived && now - archived >= TimeSpan.FromDays(days))
            {
                result.Add((version, string.Create(CultureInfo.InvariantCulture, $"archived {ModelFile.FormatTime(archived)}, more than {days} day(s) ago")));
            }
            else if (kept is not null && !kept.Contains(version.Number))
            {
                result.Add((version, string.Create(CultureInfo.InvariantCulture, $"older than the newest {KeepVersions} version(s)")));
            }
        }
        return result;
    }
}
