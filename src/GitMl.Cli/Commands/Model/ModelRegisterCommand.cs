using System.CommandLine;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Registry;
using static GitMl.Cli.Commands.ModelCommandParts;

namespace GitMl.Cli.Commands;

/// <summary>`git ml model register NAME PATH|--run` (see <see cref="ModelCommand"/>).</summary>
internal static class ModelRegisterCommand
{
    public static Command Create(CliContext cli)
    {
        var name = NameArgument();
        var path = new Argument<string?>("path") { Arity = ArgumentArity.ZeroOrOne, Description = "The model file or directory to register." };
        var run = new Option<string?>("--run") { Description = "Register an experiment run's output instead: RUN_ID, or RUN_ID:PATH when the run has several outputs." };
        var semver = new Option<string?>("--semver") { Description = "Also tag the release: annotated tag model/NAME/vX.Y.Z (must be higher than the model's last)." };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("register",
            "Register a new, immutable version of a model.\n\n" +
            "Stores the content in the git-ml store and records version N (numbers are never reused) with its\n" +
            "content oid, size, path, source commit (HEAD, or the run's), run id, params, metrics and data lineage,\n" +
            "user and time. Registering content that is already a version says which and creates nothing.\n\n" +
            "Examples:\n  git ml model register customer-churn-rf models/model.pkl -m 'baseline'\n" +
            "  git ml model register customer-churn-rf --run 3f2a9c --semver 1.2.0\n" +
            "  git ml model register customer-churn-rf --run 3f2a9c:models/model.pkl")
        {
            name, path, run, semver, message, json,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string? file = r.GetValue(path);
            string? runSpec = r.GetValue(run);
            if ((file is null) == (runSpec is null))
            {
                throw new ArgumentException("give either a PATH or --run RUN_ID[:PATH] (one of them)");
            }
            var repo = cli.Repository;
            var registry = new ModelRegistry(repo, cli.BlobStores());
            var change = runSpec is null
                ? registry.Register(r.GetValue(name)!, file!, cli.WorkingDirectory, r.GetValue(semver), r.GetValue(message)!)
                : registry.RegisterFromRun(r.GetValue(name)!, runSpec, RunSources.Current(repo), r.GetValue(semver), r.GetValue(message)!);
            return Report(cli, change, r.GetValue(json), change.Changed && r.GetValue(semver) is { } v
                ? $"Tagged {ModelRegistry.TagName(change.Model.Name, SemVer.Parse(v).ToString())} (share it with git push --tags)."
                : null);
        }));
        return command;
    }
}
