using System.CommandLine;
using System.Reflection;

namespace GitMl.Cli.Commands;

/// <summary>`git ml version`.</summary>
public static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Command Create(CliContext cli)
    {
        var command = new Command("version", "Print git-ml's version.");
        command.SetAction(_ =>
        {
            cli.Out.WriteLine($"git-ml {Version} (.NET {Environment.Version}; {System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
            return ExitCodes.Success;
        });
        return command;
    }
}
