using GitMl.Core.Hooks;

namespace GitMl.Core.Install;

/// <summary>
/// Puts git-ml's hook shims into a hooks folder. A hook git-ml does not own is never overwritten: it is moved
/// aside to NAME.git-ml-chained and run by git-ml's hook after git-ml's own work (uninstall moves it back). When
/// even that name is taken, install refuses.
/// </summary>
public sealed class HookInstaller(string hooksDirectory)
{
    public string HooksDirectory { get; } = hooksDirectory;

    /// <param name="onlyWhereAbsent">Install only hooks that do not exist at all (the quiet install a filter does on first use).</param>
    public List<InstallChange> PlanInstall(bool onlyWhereAbsent = false)
    {
        var plan = new List<InstallChange>();
        foreach (string name in HookNames.All)
        {
            string path = Path.Combine(HooksDirectory, name);
            string chained = path + HookNames.ChainedSuffix;
            string shim = HookShims.Content(name);
            if (!File.Exists(path))
            {
                plan.Add(new InstallChange(InstallAction.HookInstalled, path));
                continue;
            }
            if (onlyWhereAbsent)
            {
                continue;
            }
            string existing = File.ReadAllText(path);
            if (existing == shim)
            {
                plan.Add(new InstallChange(InstallAction.Unchanged, path));
            }
            else if (HookNames.IsShim(existing))
            {
                plan.Add(new InstallChange(InstallAction.HookUpdated, path));
            }
            else if (File.Exists(chained))
            {
                plan.Add(new InstallChange(InstallAction.Conflict, path,
                    $"a hook that is not git-ml's is in place and {Path.GetFileName(chained)} exists too; merge them into one and install again"));
            }
            else
            {
                plan.Add(new InstallChange(InstallAction.HookChained, path, $"your hook was kept as {Path.GetFileName(chained)} and runs after git-ml's checks"));
            }
        }
        return plan;
    }

    public static void Apply(IEnumerable<InstallChange> plan)
    {
        foreach (var change in plan)
        {
            string name = Path.GetFileName(change.Subject);
            switch (change.Action)
            {
                case InstallAction.HookChained:
                    File.Move(change.Subject, change.Subject + HookNames.ChainedSuffix);
                    WriteShim(change.Subject, name);
                    break;
                case InstallAction.HookInstalled or InstallAction.HookUpdated:
                    WriteShim(change.Subject, name);
                    break;
            }
        }
    }

    public List<InstallChange> Uninstall()
    {
        var changes = new List<InstallChange>();
        foreach (string name in HookNames.All)
        {
            string path = Path.Combine(HooksDirectory, name);
            string chained = path + HookNames.ChainedSuffix;
            if (File.Exists(path) && !HookNames.IsShim(File.ReadAllText(path)))
            {
                changes.Add(new InstallChange(InstallAction.LeftAlone, path, "not a git-ml hook"));
                continue;
            }
            if (File.Exists(path))
            {
                File.Delete(path);
                changes.Add(new InstallChange(InstallAction.HookRemoved, path));
            }
            if (File.Exists(chained))
            {
                File.Move(chained, path);
                changes.Add(new InstallChange(InstallAction.HookRestored, path));
            }
        }
        return changes;
    }

    private static void WriteShim(string path, string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IO.AtomicFile.WriteAllText(path, HookShims.Content(name));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
