using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Lineage;

namespace GitMl.Cli.Commands;

/// <summary>`git ml data approve|revoke|approved`: the approved-data policy file.</summary>
public static class DataCommand
{
    public static Command Create(CliContext cli) => new("data",
        "Approve data for training: the policy `git ml lineage verify` and Production promotion check.\n\n" +
        "Approvals are by content (sha256) and live in the committed file .mlapproved: commit it. With\n" +
        $"{ApprovedData.RequireSetting}=true (e.g. `git config -f .mlconfig {ApprovedData.RequireSetting} true`), promotion to Production\n" +
        "refuses a model version whose training data is not approved.\n\n" +
        "Examples:\n  git ml data approve data/train.csv -m \"reviewed by legal, ticket 123\"\n  git ml data approved\n  git ml data revoke data/train.csv")
    {
        Approve(cli), Revoke(cli), Approved(cli),
    };

    private static Command Approve(CliContext cli)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Files or folders whose current content is approved." };
        var message = new Option<string>("--message", "-m") { Description = "Why (a review, a ticket).", Required = true };
        var command = new Command("approve", "Approve the current content of files or folders for training.") { paths, message };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var approved = new ApprovedData(repo);
            var added = approved.Approve(r.GetValue(paths)!, cli.WorkingDirectory, r.GetValue(message)!);
            foreach (var a in added)
            {
                cli.Out.WriteLine($"Approved {a.Path} ({a.Oid.Short}).");
            }
            cli.Out.WriteLine(added.Count == 0
                ? "Already approved: nothing changed."
                : $"Commit the policy: git add {ApprovedData.FileName} .gitattributes && git commit -m \"Approve data\"");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var items = new Argument<string[]>("path-or-oid") { Arity = ArgumentArity.OneOrMore, Description = "Paths (every approval recorded under it) or sha256 prefixes of 8+ digits." };
        var command = new Command("revoke", "Withdraw approvals.") { items };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var removed = new ApprovedData(repo).Revoke(r.GetValue(items)!, cli.WorkingDirectory);
            cli.Out.WriteLine(removed.Count == 0 ? "No such approval: nothing changed." : $"Revoked {removed.Count} approval(s): {string.Join(", ", removed.Select(a => $"{a.Path} ({a.Oid.Short})"))}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Approved(CliContext cli)
    {
        var json = CommonOptions.Json();
        var command = new Command("approved", "List approved data.") { json };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var repo = cli.Repository;
            var approved = new ApprovedData(repo);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, approved.Entries.Select(DataApprovalJson.From).ToList(), CliJsonContext.Default.ListDataApprovalJson);
                return ExitCodes.Success;
            }
            foreach (var a in approved.Entries)
            {
                cli.Out.WriteLine($"{a.Oid.Short}  {a.Path}  {a.User}  {RunsTime(a.At)}  {a.Message}");
            }
            cli.Out.WriteLine($"{approved.Entries.Count} approval(s); Production requires approved data: {(approved.Required ? "yes" : "no")} ({ApprovedData.RequireSetting}).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string RunsTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
