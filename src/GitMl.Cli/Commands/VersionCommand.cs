using System.CommandLine;
using System.Reflection;
using GitMl.Cli.Json;

namespace GitMl.Cli.Commands;

/// <summary>`git ml version [--json]`.</summary>
public static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Command Create(CliContext cli)
    {
        var json = CommonOptions.Json();
        var command = new Command("version", "Print git-ml's version.") { json };
        command.SetAction(r =>
        {
            string runtime = $".NET {Environment.Version}";
            string os = System.Runtime.InteropServices.RuntimeInformation.OSDescription;
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new VersionJson(Version, runtime, os), CliJsonContext.Default.VersionJson);
                return ExitCodes.Success;
            }
            cli.Out.WriteLine($"git-ml {Version} ({runtime}; {os})");
            return ExitCodes.Success;
        });
        return command;
    }
}
