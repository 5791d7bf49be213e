using System.CommandLine;
using GitMl.Core.Hooks;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml hook NAME [ARGS...]`: what git-ml's hook shims run.</summary>
public static class HookCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"The hook: {string.Join(", ", HookNames.All)}." };
        var args = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, Description = "The hook's arguments, as git passed them." };
        var command = new Command("hook", "Run git-ml's part of a git hook, then the hook it chained (the hook shims run this).") { name, args };
        command.Hidden = true;
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var runner = new HookRunner(Console.Out, Console.Error);
            string[] hookArgs = [.. result.GetValue(args) ?? [], .. result.UnmatchedTokens];
            using var stdin = Console.OpenStandardInput();
            return runner.Run(result.GetValue(name)!, hookArgs, stdin, Environment.CurrentDirectory);
        }));
        return command;
    }
}
