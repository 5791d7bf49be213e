using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Core;
using GitMl.Core.Remotes;

namespace GitMl.Cli.Commands;

/// <summary>`git ml remote add|list|remove|default|modify`: where the team's data and models are stored.</summary>
public static class RemoteCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("remote",
            "Manage data remotes (S3, Azure Blob, directories).\n\n" +
            "Manage data remotes: where git-ml pushes and fetches content (S3, Azure Blob, or a directory). Remote\n" +
            "names and URLs go to the committed .mlconfig so every clone knows them; credentials never do: they\n" +
            "come from the SDKs' usual sources (AWS_* variables and profiles, AZURE_STORAGE_CONNECTION_STRING) or\n" +
            "from this clone's .git/config (`git ml remote modify --local NAME secretAccessKey ...`). An endpoint named by\n" +
            "the committed .mlconfig gets none of them until you approve it: `git ml remote trust NAME`.\n\n" +
            "Example:\n  git ml remote add -d storage s3://my-ml-bucket/store\n  git ml remote modify storage endpointUrl http://127.0.0.1:9000")
        {
            Add(cli), List(cli), Remove(cli), Default(cli), Modify(cli), Trust(cli),
        };
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "A name for the remote, e.g. storage." };
        var url = new Argument<string>("url") { Description = "s3://bucket/prefix, azure://container/prefix, or a directory path." };
        var makeDefault = new Option<bool>("--default", "-d") { Description = "Make it the default data remote (push, fetch and hooks use it)." };
        var local = new Option<bool>("--local") { Description = "Write to this clone's .git/config instead of the committed .mlconfig." };
        var command = new Command("add", "Add a data remote.") { name, url, makeDefault, local };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var remotes = new DataRemotes(cli.Repository);
            bool created = remotes.Add(r.GetValue(name)!, r.GetValue(url)!, r.GetValue(makeDefault), r.GetValue(local));
            cli.Out.WriteLine($"Added data remote '{r.GetValue(name)}' ({r.GetValue(url)}){(r.GetValue(makeDefault) ? " as the default" : "")}{(created ? "; created its folder" : "")}.");
            if (!r.GetValue(local))
            {
                cli.Out.WriteLine("Commit .mlconfig so clones know it: git add .mlconfig && git commit -m 'Add data remote'");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var json = CommonOptions.Json();
        var command = new Command("list",
            "List data remotes: NAME<TAB>URL, the default marked (default), then where requests go and whether this\n" +
            "clone may send its credentials there (approved, provider endpoint, your own config, or not approved).") { json };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var data = new DataRemotes(cli.Repository);
            var (remotes, defaultName) = data.List();
            var rows = remotes.Select(x => (Remote: x, Access: data.Access(x))).ToList();
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(cli.Out, rows.Select(x => new RemoteJson(x.Remote.Name, x.Remote.Url.ToString(), x.Remote.Name == defaultName,
                    x.Access.Route?.Endpoint.Address, TrustJson(x.Access.Status), x.Access.Allowed)).ToList(), CliJsonContext.Default.ListRemoteJson);
                return ExitCodes.Success;
            }
            foreach (var (remote, access) in rows)
            {
                string endpoint = access.Route is { } route && route.Endpoint.Kind != EndpointKind.Directory ? route.Endpoint.Address + ": " : "";
                cli.Out.WriteLine($"{remote.Name}\t{remote.Url}{(remote.Name == defaultName ? " (default)" : "")}\t{endpoint}{RemoteAccess.Describe(remote, access)}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The remote to remove." };
        var command = new Command("remove", "Remove a data remote from the configuration (its stored data is left alone).") { name };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            new DataRemotes(cli.Repository).Remove(r.GetValue(name)!);
            cli.Out.WriteLine($"Removed data remote '{r.GetValue(name)}'; the data stored there is untouched.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Default(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The remote push, fetch and the hooks use when none is named." };
        var local = new Option<bool>("--local") { Description = "Set it for this clone only." };
        var command = new Command("default", "Set the default data remote.") { name, local };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            new DataRemotes(cli.Repository).SetDefault(r.GetValue(name)!, r.GetValue(local));
            cli.Out.WriteLine($"'{r.GetValue(name)}' is now the default data remote.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Modify(CliContext cli)
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
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            string? newValue = r.GetValue(unset) ? null : r.GetValue(value) ?? throw new ArgumentException("give a value, or --unset to remove the option");
            if (new DataRemotes(cli.Repository).Modify(r.GetValue(name)!, r.GetValue(option)!, newValue, r.GetValue(local)) is { } boundTo)
            {
                cli.Out.WriteLine($"Stored in this clone's config, bound to {boundTo}: it is never sent to another endpoint.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Trust(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The remote whose endpoint you approve." };
        var revoke = new Option<bool>("--revoke") { Description = "Withdraw this clone's approval." };
        var command = new Command("trust",
            "Approve a remote's endpoint for your credentials, in this clone.\n\n" +
            "An endpoint named by the committed .mlconfig (an S3-compatible server, an Azure endpoint other than\n" +
            "ACCOUNT.blob.core.windows.net, a network path) was written by whoever made the commit. git-ml sends it\n" +
            "none of your credentials (AWS_* variables, profiles, settings stored with --local) until you approve it\n" +
            "here; the approval is recorded in .git/config for the endpoint as it is now, and a later change of the\n" +
            "committed endpoint needs approval again. Amazon S3 itself, Azure's own endpoints and local directories\n" +
            "need none.\n\nExample:\n  git ml remote trust storage && git ml pull")
        {
            name, revoke,
        };
        command.SetAction(r => CommandRunner.Run(cli, () =>
        {
            var remotes = new DataRemotes(cli.Repository);
            string remote = r.GetValue(name)!;
            if (r.GetValue(revoke))
            {
                remotes.Revoke(remote);
                cli.Out.WriteLine($"Withdrew this clone's approval of data remote '{remote}'s endpoint.");
                return ExitCodes.Success;
            }
            var access = remotes.Trust(remote);
            string endpoint = access.Route?.Endpoint.Address ?? "its endpoint";
            cli.Out.WriteLine(access.Status switch
            {
                TrustStatus.Approved => $"Approved {endpoint} for data remote '{remote}' in this clone: your credentials may be sent there. A change of the committed endpoint will need approval again.",
                TrustStatus.NoCredentials => $"Data remote '{remote}' is a directory ({endpoint}): it takes no credentials and needs no approval.",
                TrustStatus.Provider => $"Data remote '{remote}' uses the provider's own endpoint ({endpoint}): it needs no approval.",
                TrustStatus.OwnConfig => $"Data remote '{remote}' points at {endpoint}, named by your own config: it needs no approval.",
                _ => $"Data remote '{remote}' points at {endpoint}.",
            });
            if (!access.Allowed)
            {
                cli.Error.WriteLine($"git-ml: note: it is still not used: {access.Refusal}");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string TrustJson(TrustStatus status) => status switch
    {
        TrustStatus.NoCredentials => "no-credentials",
        TrustStatus.Provider => "provider",
        TrustStatus.OwnConfig => "own-config",
        TrustStatus.Approved => "approved",
        TrustStatus.NotApproved => "not-approved",
        TrustStatus.PlainHttp => "plain-http",
        TrustStatus.CredentialElsewhere => "credential-elsewhere",
        TrustStatus.CommittedCredential => "committed-credential",
        _ => "invalid",
    };
}
