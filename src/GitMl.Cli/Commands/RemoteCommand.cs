using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Remotes;

namespace GitMl.Cli.Commands;

/// <summary>`git ml remote add|list|remove|default|modify`: where the team's data and models are stored.</summary>
public static class RemoteCommand
{
    public static Command Create()
    {
        var command = new Command("remote",
            "Manage data remotes (S3, Azure Blob, directories).\n\n" +
            "Manage data remotes: where git-ml pushes and fetches content (S3, Azure Blob, or a directory). Remote\n" +
            "names and URLs go to the committed .mlconfig so every clone knows them; credentials never do: they\n" +
            "come from the SDKs' usual sources (AWS_* variables and profiles, AZURE_STORAGE_CONNECTION_STRING) or\n" +
            "from this clone's .git/config (`git ml remote modify --local NAME secretAccessKey ...`).\n\n" +
            "Example:\n  git ml remote add -d storage s3://my-ml-bucket/store\n  git ml remote modify storage endpointUrl http://127.0.0.1:9000")
        {
            Add(), List(), Remove(), Default(), Modify(),
        };
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "A name for the remote, e.g. storage." };
        var url = new Argument<string>("url") { Description = "s3://bucket/prefix, azure://container/prefix, or a directory path." };
        var makeDefault = new Option<bool>("--default", "-d") { Description = "Make it the default data remote (push, fetch and hooks use it)." };
        var local = new Option<bool>("--local") { Description = "Write to this clone's .git/config instead of the committed .mlconfig." };
        var command = new Command("add", "Add a data remote.") { name, url, makeDefault, local };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var remotes = new DataRemotes(MlRepository.Open(Environment.CurrentDirectory));
            bool created = remotes.Add(r.GetValue(name)!, r.GetValue(url)!, r.GetValue(makeDefault), r.GetValue(local));
            Console.Out.WriteLine($"Added data remote '{r.GetValue(name)}' ({r.GetValue(url)}){(r.GetValue(makeDefault) ? " as the default" : "")}{(created ? "; created its folder" : "")}.");
            if (!r.GetValue(local))
            {
                Console.Out.WriteLine("Commit .mlconfig so clones know it: git add .mlconfig && git commit -m 'Add data remote'");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List data remotes: NAME<TAB>URL, the default marked (default).") { json };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var (remotes, defaultName) = new DataRemotes(MlRepository.Open(Environment.CurrentDirectory)).List();
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(remotes.Select(x => new RemoteJson(x.Name, x.Url.ToString(), x.Name == defaultName)).ToList(), CliJsonContext.Default.ListRemoteJson);
                return ExitCodes.Success;
            }
            foreach (var remote in remotes)
            {
                Console.Out.WriteLine($"{remote.Name}\t{remote.Url}{(remote.Name == defaultName ? " (default)" : "")}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The remote to remove." };
        var command = new Command("remove", "Remove a data remote from the configuration (its stored data is left alone).") { name };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            new DataRemotes(MlRepository.Open(Environment.CurrentDirectory)).Remove(r.GetValue(name)!);
            Console.Out.WriteLine($"Removed data remote '{r.GetValue(name)}'; the data stored there is untouched.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Default()
    {
        var name = new Argument<string>("name") { Description = "The remote push, fetch and the hooks use when none is named." };
        var local = new Option<bool>("--local") { Description = "Set it for this clone only." };
        var command = new Command("default", "Set the default data remote.") { name, local };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            new DataRemotes(MlRepository.Open(Environment.CurrentDirectory)).SetDefault(r.GetValue(name)!, r.GetValue(local));
            Console.Out.WriteLine($"'{r.GetValue(name)}' is now the default data remote.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Modify()
    {
        var name = new Argument<string>("name") { Description = "The remote to change." };
        var option = new Argument<string>("option") { Description = "One of: " + string.Join(", ", RemoteSettingKeys.Options.Keys) + "." };
        var value = new Argument<string?>("value") { Arity = ArgumentArity.ZeroOrOne, Description = "The new value (omit with --unset)." };
        var local = new Option<bool>("--local") { Description = "Write to this clone's .git/config (required for credentials)." };
        var unset = new Option<bool>("--unset") { Description = "Remove the option." };
        var command = new Command("modify",
            "Set an option of a data remote:\n" + string.Join("\n", RemoteSettingKeys.Options.Select(o => $"  {o.Key,-17} {o.Value}")))
        {
            name, option, value, local, unset,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? newValue = r.GetValue(unset) ? null : r.GetValue(value) ?? throw new ArgumentException("give a value, or --unset to remove the option");
            new DataRemotes(MlRepository.Open(Environment.CurrentDirectory)).Modify(r.GetValue(name)!, r.GetValue(option)!, newValue, r.GetValue(local));
            return ExitCodes.Success;
        }));
        return command;
    }
}
