using GitMl.Cli;
using GitMl.Cli.Commands;

// Git runs `git-ml hook NAME ...` and `git-ml filter-process` on every commit, checkout and add: they skip building
// the command tree (its cost is paid only by commands people type). `--help` still goes through the tree.
if (args is ["hook", var hook, .. var hookArgs] && !hookArgs.Any(a => a is "-h" or "--help" or "-?") && hook is not ("-h" or "--help" or "-?"))
{
    return HookCommand.Run(hook, hookArgs);
}
if (args is ["filter-process"])
{
    return FilterProcessCommand.Run();
}
return CliApp.Run(args);
