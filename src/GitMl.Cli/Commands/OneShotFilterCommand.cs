using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Cli.Commands;

/// <summary>
/// `git-ml clean -- PATH` and `git-ml smudge -- PATH`: one file through git-ml's filter on stdin and stdout
/// (filter.ml.clean and filter.ml.smudge), for tools that do not speak the long-running filter-process protocol.
/// </summary>
public static class OneShotFilterCommand
{
    public static Command Clean(CliContext cli) => Create(cli, "clean", "Read content on stdin, store it, write its pointer on stdout (git runs this).",
        (filter, path, input, output) => filter.Clean(path, input, output));

    public static Command Smudge(CliContext cli) => Create(cli, "smudge", "Read a pointer on stdin, write the content on stdout (git runs this).",
        (filter, path, input, output) => filter.Smudge(path, input, output));

    private static Command Create(CliContext cli, string name, string description, Func<MlFilter, string, Stream, Stream, FilterStatus> convert)
    {
        var path = new Argument<string>("path") { Description = "The path git is converting (for messages)." };
        var command = new Command(name, description) { path };
        command.Hidden = true;
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var repo = cli.OpenRepository(Caller.Git);
            using var input = cli.OpenInput();
            using var output = cli.OpenOutput();
            var status = convert(FilterSession.Create(repo, cli.BlobStores(), cli.Error), result.GetValue(path)!, input, output);
            repo.Store.Sync();
            return status == FilterStatus.Success ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
