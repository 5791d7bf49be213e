using GitMl.Core.Install;

namespace GitMl.Cli.Commands;

/// <summary>The --local/--global/--system choice of install and uninstall.</summary>
public static class ScopeOption
{
    public static InstallScope Resolve(bool local, bool global, bool system)
    {
        int chosen = (local ? 1 : 0) + (global ? 1 : 0) + (system ? 1 : 0);
        if (chosen > 1)
        {
            throw new ArgumentException("choose one of --local, --global and --system");
        }
        return local ? InstallScope.Local : system ? InstallScope.System : InstallScope.Global;
    }
}
