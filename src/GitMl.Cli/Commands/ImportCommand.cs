using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Import;
using GitMl.Core.IO;
using GitMl.Core.Objects;

namespace GitMl.Cli.Commands;

/// <summary>`git ml import dvc`: convert a DVC project in place.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext cli) => new("import", "Convert a project from another tool to git-ml (DVC, MLflow).") { Dvc(cli), ImportMlflowCommand.Create(cli) };

    private static Command Dvc(CliContext cli)
    {
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only say what would be imported and what is missing; change nothing." };
        var json = CommonOptions.Json();
        var command = new Command("dvc",
            "Convert a DVC project in place: .dvc files and dvc.lock become git-ml tracking.\n\n" +
            "Every file or folder a .dvc file tracks is rehashed with SHA-256 (from the working tree, or from\n" +
            ".dvc/cache with its md5 verified, restoring it into the working tree), tracked by git-ml and staged;\n" +
            "DVC's .gitignore entries for it are removed and the .dvc file is removed (git rm) once its data is\n" +
            "staged. The lock file gets SHA-256 entries so `git ml repro` finds the pipeline up to date. dvc.yaml is\n" +
            "left as it is (git-ml reads it when there is no ml.yaml) and its lock keeps the name dvc.lock, in\n" +
            "git-ml's format; `git mv dvc.yaml ml.yaml && git mv dvc.lock ml.lock` switches to git-ml's names.\n" +
            "Data found nowhere is reported and its .dvc file kept: `dvc pull` it, then import again. Running the\n" +
            "import twice is harmless. Remotes in .dvc/config are listed with the `git ml remote add` to run.\n\n" +
            "Examples:\n  git ml import dvc --dry-run\n  git ml import dvc && git commit -m 'Move data from DVC to git-ml'")
        {
            dryRun, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var report = new DvcImporter(cli.Repository).Run(r.GetValue(dryRun));
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, DvcImportReportJson.From(report), CliJsonContext.Default.DvcImportReportJson);
            }
            else
            {
                Print(cli, report);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(CliContext cli, DvcImportReport report)
    {
        var o = cli.Out;
        string would = report.DryRun ? "Would import" : "Imported";
        foreach (var group in report.Imported.DistinctBy(i => i.Path).GroupBy(i => i.State))
        {
            o.WriteLine(group.Key switch
            {
                DataState.RestoredFromCache => $"{would} from DVC's cache (md5 verified, restored into the working tree):",
                DataState.InCache => $"{would} from DVC's cache (md5 verified; it would be restored into the working tree):",
                DataState.WorkspaceDiffers => $"{would} as they are in the working tree (they differ from what DVC recorded):",
                _ => $"{would} from the working tree (md5 verified):",
            });
            foreach (var item in group)
            {
                string files = item.FileCount is int n ? $", {n} files" : "";
                o.WriteLine($"    {item.Path} ({ByteSize.Format(item.Size)}{files}, {item.Sha256[..ObjectId.ShortLength]}) from {item.RecordedIn}");
            }
        }
        if (report.LockEntriesConverted > 0)
        {
            o.WriteLine($"{(report.DryRun ? "Would rewrite" : "Rewrote")} {report.LockFile} with SHA-256 hashes ({report.LockEntriesConverted} entries); the pipeline file is unchanged.");
        }
        foreach (string file in report.RemovedDvcFiles)
        {
            o.WriteLine($"{(report.DryRun ? "Would remove" : "Removed")} {file}: git-ml tracks its data now.");
        }
        foreach (string file in report.EditedGitIgnores)
        {
            o.WriteLine($"Removed DVC's entries for the imported data from {file}, so Git sees it.");
        }
        foreach (var missing in report.Missing)
        {
            string where = missing.State == DataState.WorkspaceDiffers ? "the working tree has other content and DVC's cache lacks the recorded version" : "neither the working tree nor DVC's cache has it";
            cli.Error.WriteLine($"git-ml: warning: {missing.Path} ({missing.RecordedIn}, md5 {missing.Md5}) was not imported: {where}.");
        }
        if (report.Missing.Count > 0)
        {
            cli.Error.WriteLine($"git-ml: kept {(report.KeptDvcFiles.Count > 0 ? string.Join(", ", report.KeptDvcFiles) : "the md5 entries of the lock file")} for those; fetch the data with `dvc pull` (or `dvc repro`), then run `git ml import dvc` again.");
        }
        foreach (string note in report.Notes)
        {
            o.WriteLine($"Note: {note}");
        }
        PrintRemotes(cli, report.Config);
        if (report.NothingDone)
        {
            o.WriteLine(report.Missing.Count == 0 ? "Nothing to import: no .dvc files, and no md5 entries in the lock file." : "Nothing else to import.");
        }
        else if (!report.DryRun)
        {
            o.WriteLine("Staged the changes; review them with `git status`, then: git commit -m 'Move data from DVC to git-ml'");
            if (report.Missing.Count == 0)
            {
                o.WriteLine("DVC's own files are no longer needed: `git rm -r -q .dvc .dvcignore` (push the data first: git ml push).");
            }
        }
    }

    private static void PrintRemotes(CliContext cli, DvcConfig config)
    {
        if (config.Remotes.Count == 0)
        {
            return;
        }
        cli.Out.WriteLine("DVC remotes in .dvc/config, as git-ml remotes:");
        foreach (var remote in config.Remotes)
        {
            string flag = remote.Name == config.DefaultRemote ? " -d" : "";
            cli.Out.WriteLine(DvcConfig.GitMlUrl(remote) is { } url
                ? $"    git ml remote add{flag} {remote.Name} {url}"
                : $"    {remote.Name} ({remote.Url}): git-ml has no backend for this kind of URL; copy the data to S3, Azure Blob or a folder");
        }
    }
}
