using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Install;

namespace GitMl.Cli.Commands;

/// <summary>`git ml init`: make the current repository git-ml ready.</summary>
public static class InitCommand
{
    public static Command Create(CliContext cli)
    {
        var json = CommonOptions.Json();
        var command = new Command("init",
            "Make this repository git-ml ready in one step.\n\n" +
            "Make this repository git-ml ready: install git-ml locally (filter and hooks), add an ML-aware block to\n" +
            ".gitignore (caches, secrets, IDE files) and, if no file is tracked by git-ml yet, a .gitattributes block\n" +
            "that stores model and data formats (*.pt, *.onnx, *.parquet, ...) with git-ml. Safe to run again.")
        {
            json,
        };
        command.SetAction(result => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var done = new InitService(repo).Init();
            if (result.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, new InitReportJson(done.WroteGitIgnore, done.WroteGitAttributes, done.Install.Where(c => c.IsChange).Select(InstallChangeJson.From).ToList()), CliJsonContext.Default.InitReportJson);
                return ExitCodes.Success;
            }
            InstallReportPrinter.Print(cli, done.Install, InstallScope.Local, json: false, installing: true);
            cli.Out.WriteLine(done.WroteGitIgnore
                ? "Added a git-ml block to .gitignore (caches, secrets, IDE and OS files)."
                : ".gitignore already has a git-ml block; left as is.");
            cli.Out.WriteLine(done.WroteGitAttributes
                ? "Added a git-ml block to .gitattributes: model and data formats (*.pt, *.onnx, *.parquet, ...) are now stored by git-ml."
                : ".gitattributes already tracks files with git-ml; left as is (see `git ml track`).");
            cli.Out.WriteLine();
            // Name only the files this run wrote: a second init has nothing to commit.
            string[] written = [.. (done.WroteGitIgnore ? [".gitignore"] : Array.Empty<string>()), .. (done.WroteGitAttributes ? [".gitattributes"] : Array.Empty<string>())];
            const string AddData = "add data and models as usual (git add) or with `git ml add PATH` for other formats.";
            cli.Out.WriteLine(written.Length > 0
                ? $"Next: commit {(written.Length == 1 ? "this file" : "these files")} (git add {string.Join(' ', written)} && git commit -m 'Set up git-ml'),\nthen {AddData}"
                : $"Next: {AddData}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
