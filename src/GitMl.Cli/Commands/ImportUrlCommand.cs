using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Locks;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines.External;
using GitMl.Core.Pipelines.Repro;

namespace GitMl.Cli.Commands;

/// <summary>`git ml import-url URL PATH` and `git ml update [PATH...]`: DVC's import-url and update, as pipeline stages (<see cref="UrlImport"/>).</summary>
public static class ImportUrlCommand
{
    public static Command Create(CliContext cli)
    {
        var url = new Argument<string>("url") { Description = "Where the file is: https://..., s3://bucket/key, azure://container/blob or remote://NAME/path." };
        var path = new Argument<string>("path") { Description = "Where it goes in the working tree (stored by git-ml)." };
        var force = new Option<bool>("--force") { Description = "Replace what is at PATH already." };
        var noExec = new Option<bool>("--no-exec") { Description = "Only add the stage; download with `git ml update PATH` later." };
        var fetch = new Option<bool>("--fetch") { Description = "Download now, nothing else (what the import stage runs).", Hidden = true };
        var json = CommonOptions.Json();
        var command = new Command("import-url",
            "Download a file from a URL into the repository and remember where it came from.\n\n" +
            "Downloads the file at URL to PATH and records the import as a stage of the pipeline file (ml.yaml, or\n" +
            "the dvc.yaml of a DVC project): its dependency is the URL, checked by the ETag (or modification time)\n" +
            "the server gives, its output is PATH, stored by git-ml like every stage output. `git ml status` then says\n" +
            "when the source has changed, and `git ml update PATH` downloads it again. URLs: http(s):// (no\n" +
            "credentials are sent), s3://bucket/key and azure://container/blob (through the data remote configured for\n" +
            "that bucket, with its endpoint and credentials), remote://NAME/path (a path in data remote NAME).\n\n" +
            "Examples:\n" +
            "  git ml import-url https://data.example.org/raw/iris.csv data/iris.csv\n" +
            "  git ml import-url remote://store/datasets/2024.parquet data/2024.parquet\n" +
            "  git add ml.yaml ml.lock .gitattributes data/iris.csv && git commit -m 'Import iris'")
        {
            url, path, force, noExec, fetch, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            string source = r.GetValue(url)!;
            string given = r.GetValue(path)!;
            if (r.GetValue(fetch))
            {
                return Fetch(cli, repo, source, given);
            }
            string relative = WorktreeFiles.Normalize(repo.WorkTree, cli.FullPath(given));
            var (stage, file, added) = UrlImport.AddStage(repo, source, relative, r.GetValue(force));
            bool asJson = r.GetValue(json);
            if (!asJson)
            {
                cli.Out.WriteLine(added ? $"Added stage '{stage}' to {file}: {relative} comes from {source}." : $"{relative} is already imported from {source} (stage '{stage}' in {file}).");
            }
            var stages = r.GetValue(noExec) ? [] : Reproduce(cli, repo, [stage], force: added, asJson);
            if (asJson)
            {
                CommonOptions.WriteJson(cli.Out, [new UrlImportJson(stage, relative, source, file, added, stages.Select(StageResultJson.From).ToList())], CliJsonContext.Default.ListUrlImportJson);
            }
            else if (stages.All(s => s.Outcome != StageOutcome.Failed))
            {
                cli.Out.WriteLine($"To keep it: git add {file} {LockFileStore.PathFor(file)} .gitattributes {relative} && git commit");
            }
            return stages.Any(s => s.Outcome is StageOutcome.Failed or StageOutcome.SkippedAfterFailure) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    public static Command Update(CliContext cli)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.ZeroOrMore, Description = "Imported files to bring up to date (default: every import)." };
        var json = CommonOptions.Json();
        var command = new Command("update",
            "Download imported files again where their source has changed.\n\n" +
            "For each file imported with `git ml import-url` (all of them when no PATH is given), checks the source's\n" +
            "ETag or modification time against the lock file and downloads it again if it changed. Commit the file\n" +
            "and the lock file afterwards.\n\n" +
            "Examples:\n  git ml update data/iris.csv\n  git ml update")
        {
            paths, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var pipeline = Pipeline.Require(repo, cli.BlobStores());
            var imports = UrlImport.Stages(pipeline.Spec).ToList();
            var wanted = (r.GetValue(paths) ?? []).Select(p => WorktreeFiles.Normalize(repo.WorkTree, cli.FullPath(p))).ToList();
            if (wanted.FirstOrDefault(w => imports.All(i => i.Path != w)) is { } unknown)
            {
                throw new ArgumentException($"{unknown} was not imported with `git ml import-url` (imports: {(imports.Count == 0 ? "none" : string.Join(", ", imports.Select(i => i.Path)))})");
            }
            var chosen = wanted.Count == 0 ? imports : imports.Where(i => wanted.Contains(i.Path)).ToList();
            bool asJson = r.GetValue(json);
            var stages = chosen.Count == 0 ? [] : Reproduce(cli, repo, chosen.Select(i => i.Stage.Name).ToList(), force: false, asJson);
            if (asJson)
            {
                CommonOptions.WriteJson(cli.Out, chosen.Select(i => new UrlImportJson(i.Stage.Name, i.Path, i.Url, pipeline.Spec.FilePath, false,
                    stages.Where(s => s.Stage == i.Stage.Name).Select(StageResultJson.From).ToList())).ToList(), CliJsonContext.Default.ListUrlImportJson);
            }
            else
            {
                foreach (var (stage, source, file) in chosen)
                {
                    var outcome = stages.FirstOrDefault(s => s.Stage == stage.Name);
                    cli.Out.WriteLine(outcome?.Outcome switch
                    {
                        StageOutcome.UpToDate => $"{file} is up to date with {source}.",
                        StageOutcome.Ran or StageOutcome.Restored => $"{file} updated from {source}.",
                        _ => $"{file} was not updated.",
                    });
                }
                if (chosen.Count == 0)
                {
                    cli.Out.WriteLine("Nothing was imported with `git ml import-url`.");
                }
            }
            return stages.Any(s => s.Outcome is StageOutcome.Failed or StageOutcome.SkippedAfterFailure) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What the import stage runs: the download alone, into a path below the stage's folder, never through a link.</summary>
    private static int Fetch(CliContext cli, MlRepository repo, string url, string given)
    {
        string destination = cli.FullPath(given);
        string relative = WorktreeFiles.Normalize(repo.WorkTree, destination);
        WorktreeFiles.CheckNoLink(repo.WorkTree, relative, includeLast: true, writing: true);
        long bytes = new ExternalDependencies(repo, cli.BlobStores()).Download(url, destination);
        cli.Out.WriteLine($"Downloaded {url} to {relative} ({bytes} bytes).");
        return ExitCodes.Success;
    }

    private static List<StageResult> Reproduce(CliContext cli, MlRepository repo, List<string> stages, bool force, bool asJson)
    {
        var pipeline = Pipeline.Require(repo, cli.BlobStores());
        var options = new ReproOptions(stages, Force: force, DryRun: false, Downstream: false, KeepGoing: true, Jobs: 1, UseRunCache: false);
        var result = pipeline.Reproduce(options, asJson ? TextWriter.Null : cli.Out);
        foreach (var failed in result.Stages.Where(s => s.Outcome == StageOutcome.Failed && !asJson))
        {
            cli.Error.WriteLine($"git-ml: stage '{failed.Stage}' failed: {failed.Error}");
        }
        return result.Stages.Where(s => stages.Contains(s.Stage)).ToList();
    }
}
