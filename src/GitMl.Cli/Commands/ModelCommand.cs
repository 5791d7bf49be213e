using System.CommandLine;
using GitMl.Cli.Json;
using GitMl.Cli.Storage;
using GitMl.Core;
using GitMl.Core.Registry;

namespace GitMl.Cli.Commands;

/// <summary>
/// `git ml model register|promote|unalias|rollback|archive|delete|list|show|history|resolve|get|prune|merge`: the
/// model registry (Core/Registry). Each verb parses, calls one <see cref="ModelRegistry"/> method and prints.
/// </summary>
public static class ModelCommand
{
    public static Command Create() => new("model",
        "Register model versions; promote, alias, roll back; resolve models:/ URIs.\n\n" +
        "The model registry lives in Git (ref refs/ml/registry): every version is immutable and content-addressed\n" +
        "(its bytes are in the git-ml store and travel with `git ml push`), every stage or alias change is recorded\n" +
        "with who, when and why, and a URI resolves to verified bytes in any clone.\n\n" +
        "URIs: models:/NAME/VERSION, models:/NAME/Staging, models:/NAME/Production, models:/NAME@ALIAS,\n" +
        "models:/NAME/latest (newest version not deleted), and models:/NAME, which uses the stage in the\n" +
        "environment variable GIT_ML_MODEL_STAGE (Staging or Production; any other value is an error).\n\n" +
        "The workflow:\n" +
        "  git ml model register customer-churn-rf models/model.pkl -m 'baseline'\n" +
        "  git ml model promote customer-churn-rf 1 --stage Staging\n" +
        "  git ml model promote customer-churn-rf 1 --stage Production\n" +
        "  git ml model register customer-churn-rf models/model.pkl --semver 1.1.0 -m 'more trees'\n" +
        "  git ml model promote customer-churn-rf 2 --stage Production   # version 1 kept as rollback target\n" +
        "  git ml model rollback customer-churn-rf -m 'accuracy dropped'  # 1 back, 2 archived\n" +
        "  git ml model get models:/customer-churn-rf/Production -o serving/model.pkl\n" +
        "  git ml model history customer-churn-rf")
    {
        Register(), Promote(), Unalias(), Rollback(), Archive(), Delete(), List(), Show(), History(), Resolve(), Get(), Prune(), Merge(),
    };

    private static Argument<string> NameArgument() => new("name") { Description = "The model name, e.g. customer-churn-rf (letters, digits, '.', '_', '-')." };

    private static Argument<int> VersionArgument() => new("version") { Description = "The version number." };

    private static Option<string> MessageOption() => new("--message", "-m") { Description = "Why: recorded in the audit trail (git ml model history).", DefaultValueFactory = _ => "" };

    private static ModelRegistry Open() => new(MlRepository.Open(Environment.CurrentDirectory), new BlobStoreFactory());

    private static Command Register()
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
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? file = r.GetValue(path);
            string? runSpec = r.GetValue(run);
            if ((file is null) == (runSpec is null))
            {
                throw new ArgumentException("give either a PATH or --run RUN_ID[:PATH] (one of them)");
            }
            var repo = MlRepository.Open(Environment.CurrentDirectory);
            var registry = new ModelRegistry(repo, new BlobStoreFactory());
            var change = runSpec is null
                ? registry.Register(r.GetValue(name)!, file!, Environment.CurrentDirectory, r.GetValue(semver), r.GetValue(message)!)
                : registry.RegisterFromRun(r.GetValue(name)!, runSpec, RunSources.Current(repo), r.GetValue(semver), r.GetValue(message)!);
            return Report(change, r.GetValue(json), change.Changed && r.GetValue(semver) is { } v
                ? $"Tagged {ModelRegistry.TagName(change.Model.Name, SemVer.Parse(v).ToString())} (share it with git push --tags)."
                : null);
        }));
        return command;
    }

    private static Command Promote()
    {
        var name = NameArgument();
        var version = VersionArgument();
        var stage = new Option<string?>("--stage", "-s") { Description = "Staging, Production or Archived. Promoting over a Production version keeps it as the rollback target." };
        var alias = new Option<string?>("--alias", "-a") { Description = "Point this alias at the version (moved if it pointed elsewhere), e.g. champion." };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("promote",
            "Move a version to a stage or point an alias at it.\n\n" +
            "Staging and Production hold one version each, and a version is in one stage at a time. The version a\n" +
            "promotion replaces stays that stage's rollback target (N-1) until the next promotion or a rollback.\n\n" +
            "Examples:\n  git ml model promote customer-churn-rf 2 --stage Staging -m 'passed offline eval'\n" +
            "  git ml model promote customer-churn-rf 2 --stage Production -m 'A/B test won'\n" +
            "  git ml model promote customer-churn-rf 2 --alias champion")
        {
            name, version, stage, alias, message, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            string? s = r.GetValue(stage);
            string? a = r.GetValue(alias);
            if (s is null && a is null)
            {
                throw new ArgumentException("say where to: --stage Staging|Production|Archived and/or --alias ALIAS");
            }
            var registry = Open();
            var changes = new List<ModelChange>();
            if (s is not null)
            {
                changes.Add(registry.Promote(r.GetValue(name)!, r.GetValue(version), s, r.GetValue(message)!));
            }
            if (a is not null)
            {
                changes.Add(registry.SetAlias(r.GetValue(name)!, r.GetValue(version), a, r.GetValue(message)!));
            }
            return Report(changes, r.GetValue(json));
        }));
        return command;
    }

    private static Command Unalias()
    {
        var name = NameArgument();
        var alias = new Argument<string>("alias") { Description = "The alias to remove." };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("unalias", "Remove an alias from a model.\n\nExample:\n  git ml model unalias customer-churn-rf champion") { name, alias, message, json };
        command.SetAction(r => CommandRunner.Run(() => Report(Open().RemoveAlias(r.GetValue(name)!, r.GetValue(alias)!, r.GetValue(message)!), r.GetValue(json))));
        return command;
    }

    private static Command Rollback()
    {
        var name = NameArgument();
        var stage = new Option<string>("--stage", "-s") { Description = "The stage to roll back.", DefaultValueFactory = _ => ModelStage.Production };
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("rollback",
            "Put the previous version back in a stage and archive the failing one, in one step.\n\n" +
            "The previous version is the one the last promotion replaced (the N-1 rollback target).\n\n" +
            "Example:\n  git ml model rollback customer-churn-rf -m 'accuracy dropped 8% after release'")
        {
            name, stage, message, json,
        };
        command.SetAction(r => CommandRunner.Run(() => Report(Open().Rollback(r.GetValue(name)!, r.GetValue(stage)!, r.GetValue(message)!), r.GetValue(json))));
        return command;
    }

    private static Command Archive()
    {
        var name = NameArgument();
        var version = VersionArgument();
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("archive",
            "Retire a version (it stays available; the retention policy may prune it later).\n\n" +
            "A Production version cannot be archived: promote another or roll back first.\n\n" +
            "Example:\n  git ml model archive customer-churn-rf 1 -m 'superseded'")
        {
            name, version, message, json,
        };
        command.SetAction(r => CommandRunner.Run(() => Report(Open().Archive(r.GetValue(name)!, r.GetValue(version), r.GetValue(message)!), r.GetValue(json))));
        return command;
    }

    private static Command Delete()
    {
        var name = NameArgument();
        var version = VersionArgument();
        var message = MessageOption();
        var json = CommonOptions.Json();
        var command = new Command("delete",
            "Mark a version deleted (kept in the audit trail; gc may then remove its bytes).\n\n" +
            "Refused for a version in Staging or Production, the target of an alias, or a rollback target (N-1).\n" +
            "The version number is never reused.\n\n" +
            "Example:\n  git ml model delete customer-churn-rf 3 -m 'trained on leaked labels'")
        {
            name, version, message, json,
        };
        command.SetAction(r => CommandRunner.Run(() => Report(Open().Delete(r.GetValue(name)!, r.GetValue(version), r.GetValue(message)!), r.GetValue(json))));
        return command;
    }

    private static Command List()
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List models with their latest version, stages and aliases.\n\nExample:\n  git ml model list --json") { json };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var models = Open().Read().Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(models.Select(m => ModelJson.From(m, withVersions: false)).ToList(), CliJsonContext.Default.ListModelJson);
                return ExitCodes.Success;
            }
            if (models.Count == 0)
            {
                Console.Out.WriteLine("No models registered yet: git ml model register NAME PATH");
            }
            foreach (var m in models)
            {
                Console.Out.WriteLine(ModelPrinter.Summary(m));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var name = NameArgument();
        var version = new Argument<int?>("version") { Arity = ArgumentArity.ZeroOrOne, Description = "One version in detail (default: the model and all its versions)." };
        var json = CommonOptions.Json();
        var command = new Command("show",
            "Show a model's versions, or one version's full record (oid, commit, run, params, metrics, data).\n\n" +
            "Examples:\n  git ml model show customer-churn-rf\n  git ml model show customer-churn-rf 2 --json")
        {
            name, version, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var model = Open().Read().Require(r.GetValue(name)!);
            if (r.GetValue(version) is int number)
            {
                var v = model.Require(number);
                if (r.GetValue(json))
                {
                    CommonOptions.WriteJson(ModelVersionJson.From(model, v), CliJsonContext.Default.ModelVersionJson);
                }
                else
                {
                    ModelPrinter.Version(Console.Out, model, v);
                }
                return ExitCodes.Success;
            }
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(ModelJson.From(model, withVersions: true), CliJsonContext.Default.ModelJson);
            }
            else
            {
                ModelPrinter.Model(Console.Out, model);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command History()
    {
        var name = NameArgument();
        var json = CommonOptions.Json();
        var command = new Command("history",
            "Every change to a model: when, who, what, from, to, and why.\n\nExample:\n  git ml model history customer-churn-rf")
        {
            name, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var model = Open().Read().Require(r.GetValue(name)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(new ModelHistoryJson(model.Name, model.Events.Select(ModelEventJson.Of).ToList()), CliJsonContext.Default.ModelHistoryJson);
                return ExitCodes.Success;
            }
            foreach (var e in model.Events)
            {
                Console.Out.WriteLine(ModelPrinter.Event(e));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Argument<string> UriArgument() => new("uri") { Description = "models:/NAME/VERSION, models:/NAME/Staging|Production, models:/NAME@ALIAS, models:/NAME/latest, or models:/NAME with GIT_ML_MODEL_STAGE set." };

    private static Command Resolve()
    {
        var uri = UriArgument();
        var json = CommonOptions.Json();
        var command = new Command("resolve",
            "Print the version, oid, commit and run a model URI names.\n\n" +
            "Examples:\n  git ml model resolve models:/customer-churn-rf/Production\n" +
            "  GIT_ML_MODEL_STAGE=Staging git ml model resolve models:/customer-churn-rf --json")
        {
            uri, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var resolved = Open().Resolve(ModelUri.Parse(r.GetValue(uri)!), Environment.GetEnvironmentVariable(ModelUri.StageEnvironment));
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(ModelResolveJson.From(resolved, null), CliJsonContext.Default.ModelResolveJson);
                return ExitCodes.Success;
            }
            ModelPrinter.Resolved(Console.Out, resolved);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Get()
    {
        var uri = UriArgument();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the model (a file, or a directory for a directory model).", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("get",
            "Write the bytes a model URI names to a path, verified.\n\n" +
            "Content missing from the local store is fetched from the default data remote first; every byte is\n" +
            "checked against the version's sha256 before the file appears.\n\n" +
            "Examples:\n  git ml model get models:/customer-churn-rf/Production -o serving/model.pkl\n" +
            "  GIT_ML_MODEL_STAGE=Production git ml model get models:/customer-churn-rf -o /srv/model.pkl")
        {
            uri, output, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var (resolved, written) = Open().Get(ModelUri.Parse(r.GetValue(uri)!), Environment.GetEnvironmentVariable(ModelUri.StageEnvironment), r.GetValue(output)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(ModelResolveJson.From(resolved, written), CliJsonContext.Default.ModelResolveJson);
                return ExitCodes.Success;
            }
            Console.Out.WriteLine($"Wrote {resolved.Uri} (version {resolved.Version.Number}, {resolved.Version.Oid[..10]}) to {(written.Count == 1 ? written[0] : $"{r.GetValue(output)} ({written.Count} files)")}.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Prune()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Mark them deleted. Without it prune only lists what it would delete." };
        var json = CommonOptions.Json();
        var command = new Command("prune",
            "Mark deleted the versions the retention policy allows (dry run first).\n\n" +
            "The policy is committed in .mlconfig: ml.registry.archivedRetentionDays (versions archived at least N\n" +
            "days ago) and ml.registry.keepVersions (versions older than the newest K per model); either allows.\n" +
            "Versions in a stage, behind an alias or kept as rollback target are never pruned. Then `git ml gc`\n" +
            "can remove their bytes.\n\n" +
            "Examples:\n  git config -f .mlconfig ml.registry.keepVersions 5\n  git ml model prune          # what would go\n  git ml model prune --force  # mark it deleted")
        {
            force, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var result = Open().Prune(r.GetValue(force), DateTimeOffset.UtcNow);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(new ModelPruneJson(result.Deleted, result.Policy.ArchivedRetentionDays, result.Policy.KeepVersions,
                    result.Versions.Select(v => new ModelPruneEntryJson(v.Model, v.Version, v.Reason)).ToList()), CliJsonContext.Default.ModelPruneJson);
                return ExitCodes.Success;
            }
            if (result.Policy.IsEmpty)
            {
                Console.Out.WriteLine("No retention policy: set ml.registry.archivedRetentionDays and/or ml.registry.keepVersions in .mlconfig.");
                return ExitCodes.Success;
            }
            foreach (var (model, version, reason) in result.Versions)
            {
                Console.Out.WriteLine($"  {(r.GetValue(force) ? "deleted" : "would delete")} {model} version {version}: {reason}");
            }
            Console.Out.WriteLine(r.GetValue(force)
                ? $"Marked {result.Versions.Count} version(s) deleted; `git ml gc` can now remove their bytes."
                : $"{result.Versions.Count} version(s) would be marked deleted. Run again with --force to do it.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Merge()
    {
        var commit = new Argument<string>("commit") { Description = "A fetched registry commit or ref, e.g. refs/ml/remotes/origin/ml/registry." };
        var remote = new Option<string>("--remote") { Description = "The remote it came from (for messages).", DefaultValueFactory = _ => "the remote" };
        var prefer = new Option<string?>("--prefer") { Description = "Settle conflicts with one side: ours (keep the local registry's choice) or theirs." };
        var json = CommonOptions.Json();
        var command = new Command("merge",
            "Merge a fetched registry into the local one (what fetch does; use it to settle conflicts).\n\n" +
            "Different models, and independent changes to one model, merge by themselves. The same stage or alias\n" +
            "changed differently on both sides is a conflict: nothing changes until you choose with --prefer.\n\n" +
            "`git ml fetch` and `git ml push` (and `git push` through the pre-push hook) already fetch the remote's\n" +
            "registry into refs/ml/remotes/REMOTE/ml/registry and merge it; use this command to settle a conflict.\n\n" +
            "Examples:\n  git ml model merge refs/ml/remotes/origin/ml/registry --remote origin\n" +
            "  git ml model merge refs/ml/remotes/origin/ml/registry --remote origin --prefer theirs")
        {
            commit, remote, prefer, json,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            var preference = r.GetValue(prefer) switch
            {
                null => MergePreference.None,
                "ours" => MergePreference.Ours,
                "theirs" => MergePreference.Theirs,
                var other => throw new ArgumentException($"--prefer '{other}': use ours or theirs"),
            };
            var result = new RegistryRef(preference).Integrate(MlRepository.Open(Environment.CurrentDirectory), r.GetValue(remote)!, r.GetValue(commit)!);
            if (r.GetValue(json))
            {
                CommonOptions.WriteJson(new RegistryMergeJson(result.Outcome.ToString(), result.Summary, result.Conflicts, result.Rewrites), CliJsonContext.Default.RegistryMergeJson);
            }
            else if (result.Stopped)
            {
                Core.Sharing.SharedRefReport.Write(Console.Error, [result]);
            }
            else
            {
                Console.Out.WriteLine(result.Summary + ".");
            }
            return result.Stopped ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    private static int Report(ModelChange change, bool json, string? extra = null) => Report([change], json, extra);

    private static int Report(IReadOnlyList<ModelChange> changes, bool json, string? extra = null)
    {
        if (json)
        {
            CommonOptions.WriteJson(changes.Select(ModelChangeJson.From).ToList(), CliJsonContext.Default.ListModelChangeJson);
            return ExitCodes.Success;
        }
        foreach (var change in changes)
        {
            Console.Out.WriteLine(change.Summary + ".");
        }
        if (extra is not null)
        {
            Console.Out.WriteLine(extra);
        }
        return ExitCodes.Success;
    }
}
