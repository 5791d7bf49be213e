using System.CommandLine;
using GitMl.Core;
using GitMl.Core.Runs;
using GitMl.Core.Runs.Search;

namespace GitMl.Cli.Commands;

/// <summary>`git ml runs search FILTER`: MLflow's search_runs filter language over the recorded runs (docs/search.md).</summary>
internal static class RunsSearch
{
    public static Command Create(CliContext cli)
    {
        var filter = new Argument<string>("filter") { Description = "A filter such as \"metrics.acc > 0.9 and params.lr = '0.01'\" (empty: every run)." };
        var orderBy = new Option<string?>("--order-by", "-o") { Description = "Sort keys, e.g. \"metrics.f1 desc, start_time\" (default: newest first)." };
        var limit = new Option<int?>("--limit", "-l") { Description = "At most N runs." };
        var scope = RunsCommand.ScopeOptions.Create();
        var formats = RunsCommand.Formats.Create();
        var command = new Command("search",
            "Find runs with MLflow's filter language: metrics, params, tags and attributes.\n\n" +
            "Clauses joined by AND: metrics.K and numeric attributes (start_time, end_time, duration, exit_code) with\n" +
            "= != > >= < <=; params.K, tags.K and text attributes (run_name, status, commit, branch, user, host, dirty,\n" +
            "artifact_uri) with = != LIKE ILIKE; run_id IN ('3f2a', ...); IS NULL / IS NOT NULL. MLflow's spellings work\n" +
            "too (`Run name`, user_id, created, tags.mlflow.runName). Default scope: every run (use --branch).\n" +
            "Full grammar: docs/search.md.\n\n" +
            "Examples:\n  git ml runs search \"metrics.test_accuracy > 0.95 and params.train.learning_rate = '0.01'\"\n" +
            "  git ml runs search \"status = 'FINISHED' and tags.team LIKE 'churn%'\" --order-by \"metrics.f1 desc\" --limit 5 --csv")
        {
            filter, orderBy, limit,
        };
        scope.AddTo(command);
        formats.AddTo(command);
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var query = RunQuery.Parse(r.GetValue(filter), r.GetValue(orderBy), r.GetValue(limit));
            var repo = cli.Repository;
            var selected = r.GetValue(scope.Branch) is null && !r.GetValue(scope.Deleted)
                ? new RunScope(null, All: true, IncludeDeleted: false)
                : scope.Get(r) with { All = r.GetValue(scope.Branch) is null };
            var runs = query.Apply(selected.Select(repo, RunsCommand.ReadCatalog(cli, repo)).Select(run => new SearchableRun(run))).Select(s => s.Run).ToList();
            formats.Write(cli, r, RunTables.List(runs), () => RunsCommand.JsonList(runs));
            return ExitCodes.Success;
        }));
        return command;
    }
}
