using GitMl.Cli.Json;
using GitMl.Core.Install;

namespace GitMl.Cli.Commands;

/// <summary>How install, uninstall and init show what they did.</summary>
public static class InstallReportPrinter
{
    public static void Print(CliContext cli, IReadOnlyList<InstallChange> changes, InstallScope scope, bool json, bool installing)
    {
        if (json)
        {
            CommonOptions.WriteJson(cli.Out,
                new InstallReportJson(scope.ToString().ToLowerInvariant(), changes.Any(c => c.IsChange), changes.Select(InstallChangeJson.From).ToList()),
                CliJsonContext.Default.InstallReportJson);
            return;
        }
        var done = changes.Where(c => c.IsChange || c.Action == InstallAction.LeftAlone).ToList();
        string where = $"{scope.ToString().ToLowerInvariant()} git config";
        if (done.Count == 0)
        {
            cli.Out.WriteLine(installing
                ? $"git-ml is already installed ({where}); nothing changed."
                : $"git-ml was not installed ({where}); nothing changed.");
            return;
        }
        cli.Out.WriteLine(installing ? $"git-ml installed ({where}):" : $"git-ml uninstalled ({where}):");
        foreach (var change in done)
        {
            string what = change.Action switch
            {
                InstallAction.Set or InstallAction.Updated => $"{change.Subject} = {change.Detail}",
                _ => change.Subject,
            };
            string verb = change.Action switch
            {
                InstallAction.Set => "set",
                InstallAction.Updated => "updated",
                InstallAction.Removed => "removed",
                InstallAction.HookInstalled => "hook installed",
                InstallAction.HookUpdated => "hook updated",
                InstallAction.HookChained => "hook installed",
                InstallAction.HookRemoved => "hook removed",
                InstallAction.HookRestored => "hook restored",
                _ => "left alone",
            };
            string detail = change.Action is InstallAction.HookChained or InstallAction.LeftAlone ? $" ({change.Detail})" : "";
            cli.Out.WriteLine($"  {verb,-15} {what}{detail}");
        }
    }
}
