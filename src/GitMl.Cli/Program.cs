using GitMl.Cli;
using GitMl.Cli.Commands;

// Git runs `git-ml hook ...` and `git-ml filter-process` on every commit, checkout and add: they skip building the
// command tree, whose cost only commands people type should pay. Anything unusual (such as --help) takes the tree.
static bool IsHelp(string arg) => arg is "-h" or "--help" or "-?";

// Before anything is written: no text from a repository reaches the terminal as a control sequence.
Terminal.ProtectStandardStreams();

// What every verb reads the process through (streams, environment, folder); cheap: nothing is read from git yet.
var cli = CliContext.FromProcess();
GitMl.Core.Diagnostics.MlTrace.Configure(cli.Session);

if (args is ["hook", "--shim", var shim, var hook, .. var rest] && !IsHelp(hook) && !rest.Any(IsHelp))
{
    return HookCommand.Run(cli, hook, rest, shim);
}
if (args is ["hook", var name, .. var hookArgs] && !name.StartsWith('-') && !hookArgs.Any(IsHelp))
{
    return HookCommand.Run(cli, name, hookArgs, shimPath: null);
}
if (args is ["filter-process"])
{
    return FilterProcessCommand.Run(cli);
}
return CliApp.Run(args, cli);
