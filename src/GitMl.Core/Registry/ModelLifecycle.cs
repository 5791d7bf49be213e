namespace GitMl.Core.Registry;

/// <summary>
/// The registry's rules, as pure functions from a <see cref="ModelRecord"/> to a <see cref="ModelChange"/> (no git,
/// no files: the store re-applies them on a fresh read when it loses a compare-and-swap race).
/// <list type="bullet">
/// <item>A version's content never changes; numbers are monotonic and never reused.</item>
/// <item>Staging and Production hold one version each; a version is in at most one of them.</item>
/// <item>Promoting over a version keeps it as that stage's rollback target (N-1); rollback restores it in one step
/// and archives the failing version.</item>
/// <item>A version a stage, alias or rollback slot points at cannot be deleted or pruned; delete only marks.</item>
/// </list>
/// Refusals throw <see cref="RegistryException"/> with what to do instead.
/// </summary>
public static class ModelLifecycle
{
    public static ModelChange Register(ModelRecord model, VersionDraft draft, RegistryActor actor)
    {
        if (model.Versions.FirstOrDefault(v => !v.IsDeleted && v.Oid == draft.Oid) is { } existing)
        {
            return new ModelChange(model, false, existing.Number, $"{model.Name} version {existing.Number} already has this content ({draft.Oid[..10]}); nothing registered");
        }
        if (draft.Semver is { } text)
        {
            var semver = SemVer.Parse(text);
            if (model.Versions.Where(v => v.Semver is not null).MaxBy(v => SemVer.Parse(v.Semver!)) is { } newest && SemVer.Parse(newest.Semver!) >= semver)
            {
                throw new RegistryException($"semver {semver} must be greater than {newest.Semver} (version {newest.Number} of {model.Name}); choose a higher release number");
            }
        }
        return Issue(model, model.LastVersion + 1, draft, actor);
    }

    /// <summary>
    /// Registers content under a number decided elsewhere: an import that keeps another registry's version numbers
    /// (`git ml import mlflow`), so that models:/NAME/3 names the same model before and after. The number must be
    /// above every number the model has issued (numbers stay monotonic and are never reused); content equal to an
    /// existing version's still gets its own number, as the other registry gave it one.
    /// </summary>
    public static ModelChange RegisterAs(ModelRecord model, int number, VersionDraft draft, RegistryActor actor)
    {
        if (number <= model.LastVersion)
        {
            throw new RegistryException($"{model.Name} has issued version numbers up to {model.LastVersion}; version {number} cannot be registered again or out of order");
        }
        return Issue(model, number, draft, actor);
    }

    private static ModelChange Issue(ModelRecord model, int number, VersionDraft draft, RegistryActor actor)
    {
        var version = new ModelVersion(number, draft.Oid, draft.Size, draft.IsDirectory, draft.Path, draft.Commit, draft.RunId,
            draft.Params, draft.Metrics, draft.Data, actor.User, actor.Time, draft.Message, draft.Semver is null ? null : SemVer.Parse(draft.Semver).ToString(), null, null, draft.ManifestSize);
        var updated = model with
        {
            LastVersion = number,
            Versions = [.. model.Versions, version],
            Events = [.. model.Events, Event(actor, "register", number, "", ModelStage.None, draft.Message, draft.RunId is null ? $"from {draft.Path}" : $"from run {draft.RunId} ({draft.Path})")],
        };
        return new ModelChange(updated, true, number, $"registered {model.Name} version {number} ({draft.Oid[..10]}, {draft.Path})");
    }

    /// <summary>Puts a version into Staging, Production or Archived (stage names already canonical).</summary>
    public static ModelChange Promote(ModelRecord model, int number, string stage, string message, RegistryActor actor)
    {
        if (stage == ModelStage.Archived)
        {
            return Archive(model, number, message, actor);
        }
        var version = RequireLive(model, number);
        string from = model.StateOf(version);
        if (from == stage)
        {
            return new ModelChange(model, false, number, $"{model.Name} version {number} is already in {stage}; nothing changed");
        }
        var stages = Copy(model.Stages);
        var previous = Copy(model.Previous);
        stages.Remove(from); // A version is in one stage at a time: moving it empties the one it leaves.
        string detail = "";
        if (stages.TryGetValue(stage, out int replaced))
        {
            previous[stage] = replaced;
            detail = $"version {replaced} kept as {stage} rollback target";
        }
        stages[stage] = number;
        var updated = model with
        {
            Stages = stages,
            Previous = previous,
            Versions = Replace(model.Versions, version with { Archived = null }),
            Events = [.. model.Events, Event(actor, "promote", number, from, stage, message, detail)],
        };
        return new ModelChange(updated, true, number, $"promoted {model.Name} version {number} from {from} to {stage}{(detail.Length > 0 ? $"; {detail}" : "")}");
    }

    public static ModelChange Archive(ModelRecord model, int number, string message, RegistryActor actor)
    {
        var version = RequireLive(model, number);
        string from = model.StateOf(version);
        if (from == ModelStage.Production)
        {
            throw new RegistryException($"{model.Name} version {number} is in Production: promote another version to Production or roll back (git ml model rollback {model.Name}) first, then archive it");
        }
        if (version.IsArchived)
        {
            return new ModelChange(model, false, number, $"{model.Name} version {number} is already archived; nothing changed");
        }
        var stages = Copy(model.Stages);
        stages.Remove(from);
        var updated = model with
        {
            Stages = stages,
            Versions = Replace(model.Versions, version with { Archived = actor.Time }),
            Events = [.. model.Events, Event(actor, "archive", number, from, ModelStage.Archived, message, "")],
        };
        return new ModelChange(updated, true, number, $"archived {model.Name} version {number} (was {from})");
    }

    /// <summary>Points an alias at a version (moving it if it pointed elsewhere).</summary>
    public static ModelChange SetAlias(ModelRecord model, int number, string alias, string message, RegistryActor actor)
    {
        RegistryNames.ValidateAlias(alias);
        RequireLive(model, number);
        string from = model.Aliases.TryGetValue(alias, out int old) ? $"v{old}" : ModelStage.None;
        if (old == number)
        {
            return new ModelChange(model, false, number, $"@{alias} already points at {model.Name} version {number}; nothing changed");
        }
        var aliases = Copy(model.Aliases);
        aliases[alias] = number;
        var updated = model with { Aliases = aliases, Events = [.. model.Events, Event(actor, "alias", number, from, $"@{alias}", message, "")] };
        return new ModelChange(updated, true, number, $"@{alias} of {model.Name} now points at version {number}{(from == ModelStage.None ? "" : $" (was {from})")}");
    }

    public static ModelChange RemoveAlias(ModelRecord model, string alias, string message, RegistryActor actor)
    {
        if (!model.Aliases.TryGetValue(alias, out int number))
        {
            throw new RegistryException($"model {model.Name} has no alias @{alias}{(model.Aliases.Count == 0 ? "" : $" (its aliases: {string.Join(", ", model.Aliases.Keys.Order(StringComparer.Ordinal).Select(a => "@" + a))})")}");
        }
        var aliases = Copy(model.Aliases);
        aliases.Remove(alias);
        var updated = model with { Aliases = aliases, Events = [.. model.Events, Event(actor, "unalias", number, $"@{alias}", ModelStage.None, message, "")] };
        return new ModelChange(updated, true, number, $"removed @{alias} of {model.Name} (pointed at version {number})");
    }

    /// <summary>
    /// Puts the stage's rollback target (N-1) back in the stage and archives the version that was there, in one
    /// step. The slot is then empty: rolling back twice needs a new promotion in between.
    /// </summary>
    public static ModelChange Rollback(ModelRecord model, string stage, string message, RegistryActor actor)
    {
        if (stage == ModelStage.Archived)
        {
            throw new RegistryException("only Staging and Production can be rolled back");
        }
        if (!model.Stages.TryGetValue(stage, out int failing))
        {
            throw new RegistryException($"model {model.Name} has no version in {stage}: nothing to roll back");
        }
        if (!model.Previous.TryGetValue(stage, out int target))
        {
            throw new RegistryException($"model {model.Name} has no {stage} rollback target: no version was promoted over an earlier one since the last rollback; promote the version you want instead (git ml model promote {model.Name} VERSION --stage {stage})");
        }
        var restored = RequireLive(model, target);
        var failed = model.Require(failing);
        var stages = Copy(model.Stages);
        var previous = Copy(model.Previous);
        string targetFrom = model.StateOf(restored);
        stages.Remove(targetFrom);
        stages[stage] = target;
        previous.Remove(stage);
        var versions = Replace(Replace(model.Versions, restored with { Archived = null }), failed with { Archived = actor.Time });
        var updated = model with
        {
            Stages = stages,
            Previous = previous,
            Versions = versions,
            Events =
            [
                .. model.Events,
                Event(actor, "rollback", failing, stage, ModelStage.Archived, message, $"version {target} back in {stage}"),
                Event(actor, "rollback", target, targetFrom, stage, message, $"replaces failing version {failing}"),
            ],
        };
        return new ModelChange(updated, true, target, $"rolled back {model.Name} {stage} from version {failing} to version {target}; version {failing} archived");
    }

    /// <summary>Marks a version deleted (its record and events stay); refused for protected versions.</summary>
    public static ModelChange Delete(ModelRecord model, int number, string message, RegistryActor actor, string action = "delete")
    {
        var version = model.Require(number);
        if (version.IsDeleted)
        {
            return new ModelChange(model, false, number, $"{model.Name} version {number} is already deleted; nothing changed");
        }
        if (WhyProtected(model, number) is { } reason)
        {
            throw new RegistryException($"cannot delete {model.Name} version {number}: it is {reason}. {HowToRelease(model, number)}");
        }
        string from = model.StateOf(version);
        var updated = model with
        {
            Versions = Replace(model.Versions, version with { Deleted = actor.Time }),
            Events = [.. model.Events, Event(actor, action, number, from, "Deleted", message, "")],
        };
        return new ModelChange(updated, true, number, $"deleted {model.Name} version {number} (it stays in the audit trail)");
    }

    /// <summary>Why a version may not be deleted (its stage, aliases, rollback slots), or null when it may.</summary>
    public static string? WhyProtected(ModelRecord model, int number)
    {
        var reasons = new List<string>();
        if (model.StageOf(number) is { } stage)
        {
            reasons.Add($"in {stage}");
        }
        reasons.AddRange(model.AliasesOf(number).Select(a => $"the target of @{a}"));
        reasons.AddRange(model.RollbackTargetOf(number).Select(s => $"the {s} rollback target (N-1)"));
        return reasons.Count == 0 ? null : string.Join(" and ", reasons);
    }

    private static string HowToRelease(ModelRecord model, int number) =>
        model.StageOf(number) is not null ? "Promote another version into its stage first."
        : model.AliasesOf(number).Count > 0 ? $"Remove the alias first (git ml model unalias {model.Name} ALIAS)."
        : "A rollback target is kept so a failing release can be rolled back; it is released when another version is promoted over the current one.";

    private static ModelVersion RequireLive(ModelRecord model, int number)
    {
        var version = model.Require(number);
        return version.IsDeleted ? throw new RegistryException($"{model.Name} version {number} is deleted; register the content again to get a new version") : version;
    }

    private static ModelEvent Event(RegistryActor actor, string action, int version, string from, string to, string message, string detail) =>
        new(actor.Time, actor.User, action, version, from, to, message, detail);

    private static Dictionary<string, int> Copy(IReadOnlyDictionary<string, int> map) => new(map, StringComparer.Ordinal);

    private static List<ModelVersion> Replace(IReadOnlyList<ModelVersion> versions, ModelVersion replacement) =>
        versions.Select(v => v.Number == replacement.Number ? replacement : v).ToList();
}
