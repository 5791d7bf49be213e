using System.CommandLine;
using GitMl.Cli.Help;

namespace GitMl.Cli.Commands;

/// <summary>`git ml help [COMMAND...]` and `git ml help --man`.</summary>
public static class HelpCommand
{
    public static Command Create(CliContext cli, RootCommand root)
    {
        var path = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore, Description = "The command (and subcommand) to explain, e.g. `model register`." };
        var man = new Option<bool>("--man") { Description = "Print the git-ml(1) man page in roff (install/install.sh installs it; git shows it for `git ml --help`)." };
        var command = new Command("help",
            "Show help for git-ml or one of its commands.\n\n" +
            "Examples:\n" +
            "  git ml help                 the commands, grouped\n" +
            "  git ml help model register  what `git ml model register --help` prints\n" +
            "  git ml --help               the man page, through git (man git-ml)")
        {
            path, man,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(man))
            {
                cli.Out.Write(ManPage.Render(root, VersionCommand.Version));
                return ExitCodes.Success;
            }
            string[] names = r.GetValue(path) ?? [];
            if (names.Length == 0)
            {
                cli.Out.Write(HelpText.Overview(root));
                return ExitCodes.Success;
            }
            if (HelpText.Find(root, names) is null)
            {
                cli.Error.WriteLine($"git-ml: '{string.Join(' ', names)}' is not a git-ml command. See `git ml help` for the list.");
                return ExitCodes.Usage;
            }
            return root.Parse([.. names, "--help"]).Invoke(CliApp.Invocation(cli));
        });
        return command;
    }
}
