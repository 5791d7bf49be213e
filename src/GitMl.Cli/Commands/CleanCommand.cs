using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml clean -- PATH`: one-shot clean (filter.ml.clean), for tools that do not speak filter-process.</summary>
public static class CleanCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The path git is cleaning (for messages)." };
        var command = new Command("clean", "Read content on stdin, store it, write its pointer on stdout (git runs this).") { path };
        command.Hidden = true;
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var repo = MlRepository.Open(Environment.CurrentDirectory);
            using var input = FilterProcessCommand.RawStandardStream(0, FileAccess.Read);
            using var output = FilterProcessCommand.RawStandardStream(1, FileAccess.Write);
            var status = FilterSession.Create(repo, new BlobStoreFactory(), Console.Error).Clean(result.GetValue(path)!, input, output);
            repo.Store.Sync();
            return status == FilterStatus.Success ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
