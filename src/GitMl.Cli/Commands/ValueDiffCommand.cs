using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Metrics;

namespace GitMl.Cli.Commands;

/// <summary>`git ml metrics diff` and `git ml params diff`: values at two revisions, side by side.</summary>
internal static class ValueDiffCommand
{
    public static Command Create(CliContext cli, ValueKind kind)
    {
        string what = kind == ValueKind.Metrics ? "metrics" : "params";
        var oldRevision = new Argument<string>("a_rev") { Description = "The old revision (default: HEAD).", DefaultValueFactory = _ => "HEAD" };
        var newRevision = new Argument<string>("b_rev") { Description = "The new revision (default: workspace, the working tree as it is now).", DefaultValueFactory = _ => RevisionFiles.WorkspaceLabel };
        var all = new Option<bool>("--all") { Description = "Show unchanged values too." };
        var deps = new Option<bool>("--deps") { Description = "Only the params stages depend on." };
        var options = new ValueOptions();
        var command = new Command("diff", kind == ValueKind.Metrics
            ? "Compare metrics between two revisions (default: HEAD and the working tree).\n\n" +
              "Reads the metrics files the pipeline declares (stages' `metrics:` and the top-level `metrics:` list) at\n" +
              "each revision: JSON, YAML or TOML, nested keys flattened with dots (lists by index). Prints old, new and\n" +
              "the change for numbers; only what changed unless --all.\n\n" +
              "Examples:\n  git ml metrics diff\n  git ml metrics diff HEAD~1\n  git ml metrics diff main feature --md\n  git ml metrics diff v1.0 --json"
            : "Compare params between two revisions (default: HEAD and the working tree).\n\n" +
              "Reads params.yaml and every params file the pipeline names at each revision (YAML, JSON or TOML,\n" +
              "nested keys flattened with dots); only what changed unless --all.\n\n" +
              "Examples:\n  git ml params diff\n  git ml params diff HEAD~1\n  git ml params diff main feature --deps --md")
        {
            oldRevision, newRevision, all,
        };
        if (kind == ValueKind.Params)
        {
            command.Add(deps);
        }
        options.AddTo(command);
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var revisions = new[] { Revisions.Resolve(repo, r.GetValue(oldRevision)!), Revisions.Resolve(repo, r.GetValue(newRevision)!) };
            var values = ValueSources.Collect(revisions, kind, options.TargetsOf(r), r.GetValue(deps));
            var changes = ValueDiff.Compare(values[0], values[1], r.GetValue(all));
            var table = ValueTables.Diff(changes, revisions[0].Label, revisions[1].Label, kind, r.GetValue(options.Precision));
            options.Print(cli, r, table, values, () => CommonOptions.WriteJson(cli.Out, ValuesJson.Diff(changes), CliJsonContext.Default.DictionaryStringDictionaryStringValueChangeJson));
            if (changes.Count == 0 && !r.GetValue(options.Json))
            {
                cli.Error.WriteLine($"No {what} changed between {revisions[0].Label} and {revisions[1].Label} (--all shows every value).");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
