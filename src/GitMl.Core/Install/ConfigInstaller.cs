using GitMl.Git;

namespace GitMl.Core.Install;

/// <summary>
/// Writes and removes git-ml's config entries in one config file. It never overwrites a value it does not own:
/// such a value is a conflict, and install changes nothing at all. Uninstall removes only values git-ml owns,
/// and a section only when nothing else is left in it, so the file ends as it was before install.
/// </summary>
public sealed class ConfigInstaller(GitCli git, GitConfigScope scope)
{
    public List<InstallChange> PlanInstall()
    {
        var current = GitConfig.Read(git, scope);
        var plan = new List<InstallChange>();
        foreach (var (key, value) in FilterConfiguration.Entries)
        {
            var existing = current.GetAll(key);
            plan.Add(existing switch
            {
                [] => new InstallChange(InstallAction.Set, key, value),
                [var only] when only == value => new InstallChange(InstallAction.Unchanged, key, value),
                [var only] when FilterConfiguration.IsOwned(key, only) => new InstallChange(InstallAction.Updated, key, value),
                _ => new InstallChange(InstallAction.Conflict, key,
                    $"already set to '{string.Join("', '", existing)}' by someone else; remove it with 'git config {GitConfig.ScopeFlag(scope)} --unset-all {key}' and install again"),
            });
        }
        return plan;
    }

    public void Apply(IEnumerable<InstallChange> plan)
    {
        foreach (var change in plan.Where(c => c.Action is InstallAction.Set or InstallAction.Updated))
        {
            GitConfig.Set(git, GitConfigFile.Of(scope), change.Subject, change.Detail!);
        }
    }

    public List<InstallChange> Uninstall()
    {
        var current = GitConfig.Read(git, scope);
        var changes = new List<InstallChange>();
        foreach (var (key, _) in FilterConfiguration.Entries)
        {
            var existing = current.GetAll(key);
            if (existing.Count == 0)
            {
                continue;
            }
            if (existing.All(v => FilterConfiguration.IsOwned(key, v)))
            {
                GitConfig.UnsetAll(git, GitConfigFile.Of(scope), key);
                changes.Add(new InstallChange(InstallAction.Removed, key));
            }
            else
            {
                changes.Add(new InstallChange(InstallAction.LeftAlone, key, "not set by git-ml"));
            }
        }
        RemoveEmptySections();
        return changes;
    }

    private void RemoveEmptySections()
    {
        var after = GitConfig.Read(git, scope);
        foreach (string section in FilterConfiguration.Sections)
        {
            if (!after.Keys.Any(k => k.StartsWith(section + ".", StringComparison.Ordinal)))
            {
                // Fails harmlessly when the section header is already gone.
                GitConfig.TryRemoveSection(git, GitConfigFile.Of(scope), section);
            }
        }
    }
}
