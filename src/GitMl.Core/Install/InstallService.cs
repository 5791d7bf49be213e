using GitMl.Git;

namespace GitMl.Core.Install;

/// <summary>
/// `git ml install` and `git ml uninstall`: git-ml's config entries in one scope, plus its hooks in the current
/// repository when there is one. Install is all or nothing (a conflict anywhere changes nothing) and running it
/// again changes nothing; uninstall removes exactly what install added.
/// </summary>
public sealed class InstallService(GitCli git, RepositoryLayout? repository)
{
    public List<InstallChange> Install(InstallScope scope, bool withHooks = true)
    {
        var config = new ConfigInstaller(git, ToGitScope(scope));
        var hooks = HooksFor(withHooks);
        var configPlan = config.PlanInstall();
        var hookPlan = hooks?.PlanInstall() ?? [];
        var conflicts = configPlan.Concat(hookPlan).Where(c => c.Action == InstallAction.Conflict).ToList();
        if (conflicts.Count > 0)
        {
            throw new InstallConflictException(conflicts);
        }
        config.Apply(configPlan);
        HookInstaller.Apply(hookPlan);
        return [.. configPlan, .. hookPlan];
    }

    public List<InstallChange> Uninstall(InstallScope scope, bool withHooks = true)
    {
        var changes = new ConfigInstaller(git, ToGitScope(scope)).Uninstall();
        if (HooksFor(withHooks) is { } hooks)
        {
            changes.AddRange(hooks.Uninstall());
        }
        return changes;
    }

    /// <summary>
    /// Installs the hooks a repository lacks entirely, and nothing else. The filter calls this on first use, so a
    /// fresh clone under a global install gets pre-commit protection without anyone running install in it.
    /// </summary>
    public static void InstallMissingHooks(RepositoryLayout repository)
    {
        if (repository.IsBare)
        {
            return;
        }
        var hooks = new HookInstaller(repository.HooksDirectory);
        HookInstaller.Apply(hooks.PlanInstall(onlyWhereAbsent: true));
    }

    private HookInstaller? HooksFor(bool withHooks) =>
        withHooks && repository is { IsBare: false } ? new HookInstaller(repository.HooksDirectory) : null;

    private static GitConfigScope ToGitScope(InstallScope scope) => scope switch
    {
        InstallScope.Local => GitConfigScope.Local,
        InstallScope.Global => GitConfigScope.Global,
        _ => GitConfigScope.System,
    };
}
