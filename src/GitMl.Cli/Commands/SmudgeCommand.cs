using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Filters;
using GitMl.Protocol.FilterProcess;

namespace GitMl.Cli.Commands;

/// <summary>`git-ml smudge -- PATH`: one-shot smudge (filter.ml.smudge), for tools that do not speak filter-process.</summary>
public static class SmudgeCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The path git is checking out (for messages)." };
        var command = new Command("smudge", "Read a pointer on stdin, write the content on stdout (git runs this).") { path };
        command.Hidden = true;
        command.SetAction(result => CommandRunner.Run(() =>
        {
            var repo = MlRepository.Open(Environment.CurrentDirectory);
            using var input = FilterProcessCommand.RawStandardStream(0, FileAccess.Read);
            using var output = FilterProcessCommand.RawStandardStream(1, FileAccess.Write);
            var status = FilterSession.Create(repo, new BlobStoreFactory(), Console.Error).Smudge(result.GetValue(path)!, input, output);
            return status == FilterStatus.Success ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }
}
