using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Metrics;
using GitMl.Core.Objects;
using GitMl.Core.Runs;

namespace GitMl.Cli.Commands;

/// <summary>`git ml runs list|show|compare|search|delete|restore|tag`: read and annotate recorded runs.</summary>
public static class RunsCommand
{
    public static Command Create(CliContext cli) => new("runs",
        "List, show, compare and search experiment runs.\n\n" +
        "Runs are recorded by `git ml run` as Git notes (refs/notes/ml-runs) on the commit they ran from. Run ids may\n" +
        "be shortened to any unique prefix of 4+ digits.\n\n" +
        "Examples:\n  git ml runs list\n  git ml runs show 3f2a\n  git ml runs compare 3f2a 9c1b\n" +
        "  git ml runs search \"metrics.accuracy > 0.9 and params.lr = '0.01'\" --order-by \"metrics.accuracy desc\"")
    {
        List(cli), Show(cli), Compare(cli), RunsSearch.Create(cli), Delete(cli, deleted: true), Delete(cli, deleted: false), Tag(cli),
    };

    /// <summary>The output options list, search and compare share.</summary>
    internal sealed record Formats(Option<bool> Json, Option<bool> Csv, Option<bool> Markdown)
    {
        public static Formats Create() => new(
            CommonOptions.Json(),
            new Option<bool>("--csv") { Description = "Print CSV (a header row, then one row per run)." },
            new Option<bool>("--md") { Description = "Print a Markdown table (for pull requests and reports)." });

        public void AddTo(Command command)
        {
            command.Options.Add(Json);
            command.Options.Add(Csv);
            command.Options.Add(Markdown);
        }

        public void Write(CliContext cli, ParseResult r, Table table, Func<string> json)
        {
            if (r.GetValue(Json))
            {
                cli.Out.WriteLine(json());
            }
            else if (r.GetValue(Csv))
            {
                cli.Out.Write(table.ToCsv());
            }
            else if (r.GetValue(Markdown))
            {
                cli.Out.Write(table.ToMarkdown());
            }
            else
            {
                cli.Out.Write(table.ToText());
            }
        }
    }

    /// <summary>The scope options list and search share.</summary>
    internal sealed record ScopeOptions(Option<string?> Branch, Option<bool> All, Option<bool> Deleted)
    {
        public static ScopeOptions Create() => new(
            new Option<string?>("--branch", "-b") { Description = "Runs on this branch's (or revision's) history (default: the current branch)." },
            new Option<bool>("--all", "-a") { Description = "Runs on every commit, reachable or not." },
            new Option<bool>("--deleted") { Description = "Include soft-deleted runs." });

        public void AddTo(Command command)
        {
            command.Options.Add(Branch);
            command.Options.Add(All);
            command.Options.Add(Deleted);
        }

        public RunScope Get(ParseResult r) => new(r.GetValue(Branch), r.GetValue(All), r.GetValue(Deleted));
    }

    /// <summary>Reads the catalog and prints its warnings (skipped note lines) on stderr.</summary>
    internal static RunCatalog ReadCatalog(CliContext cli, MlRepository repo)
    {
        var catalog = RunCatalog.Read(repo);
        foreach (string warning in catalog.Warnings)
        {
            cli.Error.WriteLine($"git-ml: warning: {warning}");
        }
        return catalog;
    }

    internal static string JsonList(IEnumerable<RunRecord> runs) =>
        System.Text.Json.JsonSerializer.Serialize(runs.Select(r => RunJson.From(r, _ => null)).ToList(), CliJsonContext.Default.ListRunJson);

    private static Command List(CliContext cli)
    {
        var scope = ScopeOptions.Create();
        var limit = new Option<int?>("--limit", "-l") { Description = "At most N runs (newest first)." };
        var formats = Formats.Create();
        var command = new Command("list", "List runs, newest first (default: those on the current branch's history).") { limit };
        scope.AddTo(command);
        formats.AddTo(command);
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var runs = scope.Get(r).Select(repo, ReadCatalog(cli, repo));
            if (r.GetValue(limit) is { } n)
            {
                runs = runs.Take(Math.Max(0, n)).ToList();
            }
            formats.Write(cli, r, RunTables.List(runs), () => JsonList(runs));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("run") { Description = "The run id or a unique prefix." };
        var json = CommonOptions.Json();
        var command = new Command("show", "Show everything recorded about a run, with its metrics' step history.") { id, json };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var run = ReadCatalog(cli, repo).Find(r.GetValue(id)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, RunJson.From(run, m => History(repo, m)), CliJsonContext.Default.RunJson);
                return ExitCodes.Success;
            }
            cli.Out.Write(RunText.Describe(run, m => History(repo, m)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Compare(CliContext cli)
    {
        var ids = new Argument<string[]>("runs") { Arity = new ArgumentArity(2, 100), Description = "Two or more run ids (or prefixes); deltas are against the first." };
        var formats = Formats.Create();
        var command = new Command("compare", "Compare runs' params and metrics side by side, with deltas against the first.") { ids };
        formats.AddTo(command);
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var catalog = ReadCatalog(cli, repo);
            var runs = (r.GetValue(ids) ?? []).Select(catalog.Find).ToList();
            formats.Write(cli, r, RunTables.Compare(runs), () => JsonList(runs));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Delete(CliContext cli, bool deleted)
    {
        var ids = new Argument<string[]>("runs") { Arity = ArgumentArity.OneOrMore, Description = "Run ids or prefixes." };
        var command = new Command(deleted ? "delete" : "restore", deleted
            ? "Soft-delete runs: hidden from list and search (see --deleted), kept for audit; undo with `runs restore`."
            : "Bring soft-deleted runs back.") { ids };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var catalog = ReadCatalog(cli, repo);
            foreach (var run in (r.GetValue(ids) ?? []).Select(catalog.Find).ToList())
            {
                new RunAmender(repo).Amend(run, new Dictionary<string, string?>(), deleted);
                cli.Out.WriteLine($"{(deleted ? "Deleted" : "Restored")} run {run.Id.Short} '{run.Name}'.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Tag(CliContext cli)
    {
        var id = new Argument<string>("run") { Description = "The run id or a unique prefix." };
        var tags = new Argument<string[]>("tags") { Arity = ArgumentArity.ZeroOrMore, Description = "KEY=VALUE tags to set." };
        var remove = new Option<string[]>("--remove", "-r") { Description = "Tag keys to remove (repeatable)." };
        var command = new Command("tag", "Set or remove tags of a recorded run.\n\nExample:\n  git ml runs tag 3f2a reviewed=yes --remove wip") { id, tags, remove };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var run = ReadCatalog(cli, repo).Find(r.GetValue(id)!);
            var changes = RunCommand.Pairs(r.GetValue(tags), "tag").ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
            foreach (string key in r.GetValue(remove) ?? [])
            {
                changes[key] = null;
            }
            if (changes.Count == 0)
            {
                throw new ArgumentException("no tag given: add KEY=VALUE or --remove KEY");
            }
            new RunAmender(repo).Amend(run, changes, deleted: null);
            cli.Out.WriteLine($"Tagged run {run.Id.Short} '{run.Name}'.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A metric's whole series; null when it is in an object this clone lacks (then the summary still shows).</summary>
    internal static IReadOnlyList<MetricPoint>? History(MlRepository repo, RunMetric metric)
    {
        try
        {
            return MetricHistory.Points(metric, repo.Store);
        }
        catch (ObjectMissingException)
        {
            return null;
        }
    }
}
