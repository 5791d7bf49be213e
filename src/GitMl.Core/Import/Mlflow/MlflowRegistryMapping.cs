using GitMl.Core.Registry;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// An MLflow registered model applied to the git-ml model of the same name, as a pure function of both (the registry
/// store applies it again on a fresh read when another writer got in first):
/// <list type="bullet">
/// <item>each version whose files were found keeps its number (models:/NAME/3 names the same model before and after),
/// its user, time and description; a number already issued here is left alone (the same content: imported before;
/// other content: reported);</item>
/// <item>Staging and Production hold one version each in git-ml: the newest of the versions MLflow has in the stage
/// (what models:/NAME/STAGE resolves to in MLflow) goes in, the others are reported; Archived is kept as archived;</item>
/// <item>aliases are kept when their version was imported and git-ml's rules accept the alias's name.</item>
/// </list>
/// Stages and aliases are set only for versions imported by this call, so a second import changes nothing, and a
/// stage this repository already gave to another version is not taken from it.
/// </summary>
internal static class MlflowRegistryMapping
{
    public const string Message = "imported from MLflow";

    /// <summary>MLflow's stage for a deleted version (file store).</summary>
    public const string DeletedStage = "Deleted_Internal";

    public sealed record Result(ModelRecord Model, IReadOnlyList<int> Imported, IReadOnlyList<MlflowProblem> Problems);

    /// <param name="drafts">The content of each version whose files were found, by number.</param>
    /// <param name="importer">Who imports: the user of the changes MLflow records no user for.</param>
    /// <param name="now">The time of the changes MLflow records no time for.</param>
    public static Result Apply(ModelRecord model, MlflowModel source, IReadOnlyDictionary<int, VersionDraft> drafts, string importer, DateTimeOffset now)
    {
        var problems = new List<MlflowProblem>();
        var imported = new List<int>();
        var live = source.Versions.Where(v => v.Stage != DeletedStage).ToList();
        foreach (var version in source.Versions.Where(v => v.Stage == DeletedStage))
        {
            problems.Add(new MlflowProblem(version.Folder, "was deleted in MLflow; not imported"));
        }
        foreach (var version in live)
        {
            if (!drafts.TryGetValue(version.Number, out var draft))
            {
                continue; // why its files were not found was reported when they were looked for
            }
            if (model.Find(version.Number) is { } existing)
            {
                if (existing.Oid != draft.Oid)
                {
                    problems.Add(new MlflowProblem(version.Folder, $"is version {version.Number} of {model.Name}, which this repository already has with other content; not imported"));
                }
                continue;
            }
            if (version.Number <= model.LastVersion)
            {
                problems.Add(new MlflowProblem(version.Folder, $"cannot keep its number: {model.Name} here has issued version numbers up to {model.LastVersion}; not imported"));
                continue;
            }
            model = ModelLifecycle.RegisterAs(model, version.Number, draft, Actor(version.User, version.CreatedMs, importer, now)).Model;
            imported.Add(version.Number);
        }
        model = ApplyStages(model, live, imported, importer, now, problems);
        model = ApplyAliases(model, source, imported, importer, now, problems);
        return new Result(model, imported, problems);
    }

    private static ModelRecord ApplyStages(ModelRecord model, List<MlflowModelVersion> live, List<int> imported, string importer, DateTimeOffset now, List<MlflowProblem> problems)
    {
        foreach (string stage in ModelStage.Single)
        {
            var inStage = live.Where(v => ModelStage.TryParse(v.Stage) == stage).ToList();
            if (inStage.Count == 0)
            {
                continue;
            }
            var newest = inStage.MaxBy(v => v.Number)!;
            foreach (var other in inStage.Where(v => v != newest && imported.Contains(v.Number)))
            {
                problems.Add(new MlflowProblem(other.Folder, $"is in {stage} in MLflow, as is version {newest.Number}; git-ml keeps one version per stage, the newest (what models:/{model.Name}/{stage} gives in MLflow), so this one was imported without a stage"));
            }
            if (!imported.Contains(newest.Number))
            {
                continue;
            }
            if (model.Stages.TryGetValue(stage, out int holder) && !imported.Contains(holder))
            {
                problems.Add(new MlflowProblem(newest.Folder, $"is in {stage} in MLflow, but {stage} holds version {holder} of {model.Name} here; it was imported without a stage"));
                continue;
            }
            model = Change(model, newest, problems, () => ModelLifecycle.Promote(model, newest.Number, stage, Message, Actor(newest.User, newest.UpdatedMs, importer, now)));
        }
        foreach (var archived in live.Where(v => ModelStage.TryParse(v.Stage) == ModelStage.Archived && imported.Contains(v.Number)))
        {
            model = Change(model, archived, problems, () => ModelLifecycle.Archive(model, archived.Number, Message, Actor(archived.User, archived.UpdatedMs, importer, now)));
        }
        return model;
    }

    private static ModelRecord ApplyAliases(ModelRecord model, MlflowModel source, List<int> imported, string importer, DateTimeOffset now, List<MlflowProblem> problems)
    {
        foreach (var (alias, number) in source.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            string where = $"{source.Folder}/aliases/{alias}";
            if (!imported.Contains(number))
            {
                if (model.Find(number) is null)
                {
                    problems.Add(new MlflowProblem(where, $"points at version {number}, which was not imported; the alias was not imported"));
                }
                continue;
            }
            if (model.Aliases.TryGetValue(alias, out int holder))
            {
                problems.Add(new MlflowProblem(where, $"@{alias} points at version {holder} of {model.Name} here; it was left there"));
                continue;
            }
            try
            {
                model = ModelLifecycle.SetAlias(model, number, RegistryNames.ValidateAlias(alias), Message, Actor(null, source.UpdatedMs, importer, now)).Model;
            }
            catch (ArgumentException e)
            {
                problems.Add(new MlflowProblem(where, $"cannot be a git-ml alias: {e.Message}"));
            }
        }
        return model;
    }

    private static ModelRecord Change(ModelRecord model, MlflowModelVersion version, List<MlflowProblem> problems, Func<ModelChange> change)
    {
        try
        {
            return change().Model;
        }
        catch (RegistryException e)
        {
            problems.Add(new MlflowProblem(version.Folder, $"kept no stage: {e.Message}"));
            return model;
        }
    }

    /// <summary>Who and when as MLflow recorded them (times truncated to seconds, as the registry keeps them), else the importer and now.</summary>
    private static RegistryActor Actor(string? user, long? milliseconds, string importer, DateTimeOffset now)
    {
        var time = milliseconds is { } ms && ms is >= 0 and <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        return new RegistryActor(string.IsNullOrEmpty(user) ? importer : user, ModelFile.Truncate(time));
    }
}
