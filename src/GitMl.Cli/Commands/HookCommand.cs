using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core.Hooks;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml hook [--shim PATH] NAME [ARGS...]`: what git-ml's hook shims run.</summary>
public static class HookCommand
{
    public static Command Create(CliContext cli)
    {
        var shim = new Option<string?>("--shim") { Description = "The shim's own path ($0): chained hooks are found next to it." };
        var name = new Argument<string>("name") { Description = $"The hook: {string.Join(", ", HookNames.All)}." };
        var args = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, Description = "The hook's arguments, as git passed them." };
        var command = new Command("hook", "Run git-ml's part of a git hook, then the hook it chained (the hook shims run this).") { shim, name, args };
        command.Hidden = true;
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => Run(cli, result.GetValue(name)!, [.. result.GetValue(args) ?? [], .. result.UnmatchedTokens], result.GetValue(shim)));
        return command;
    }

    public static int Run(CliContext cli, string hookName, string[] hookArgs, string? shimPath) => CommandRunner.Run(cli, () =>
    {
        using var stdin = cli.OpenInput();
        return new HookRunner(cli.Out, cli.Error, cli.BlobStores(), cli.Progress()).Run(hookName, hookArgs, stdin, cli.WorkingDirectory, shimPath);
    });
}
