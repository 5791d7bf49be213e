using System.Globalization;
using GitMl.Core.Runs;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Reads an MLflow file store (the layout of MLflow's file_store.py, tracking and model registry):
/// <code>
/// mlruns/EXPERIMENT_ID/meta.yaml                 name, experiment_id, lifecycle_stage
/// mlruns/EXPERIMENT_ID/RUN_ID/meta.yaml          run_id, run_name, user_id, status, start_time, end_time, lifecycle_stage
/// mlruns/EXPERIMENT_ID/RUN_ID/params/KEY         the value (a key "a/b" is a folder a and a file b)
/// mlruns/EXPERIMENT_ID/RUN_ID/tags/KEY           the value
/// mlruns/EXPERIMENT_ID/RUN_ID/metrics/KEY        one "timestamp value [step]" line per logged value
/// mlruns/EXPERIMENT_ID/RUN_ID/artifacts/...      the run's files
/// mlruns/.trash/EXPERIMENT_ID/...                deleted experiments, same layout
/// mlruns/models/NAME/meta.yaml                   name, last_updated_timestamp
/// mlruns/models/NAME/version-N/meta.yaml         version, current_stage, source, run_id, user_id, times, description
/// mlruns/models/NAME/aliases/ALIAS               the version number
/// </code>
/// Everything goes through <see cref="MlflowFileTree"/> (confined, bounded); what cannot be read is an
/// <see cref="MlflowProblem"/> and the rest is read.
/// </summary>
internal sealed class MlflowStoreReader(MlflowFileTree tree, List<MlflowProblem> problems)
{
    private const string Meta = "meta.yaml";
    private const string Trash = ".trash";
    private const string ModelsFolder = "models";

    // Folders of an experiment that are not runs (MLflow's RESERVED_EXPERIMENT_FOLDERS, and logged models).
    private static readonly HashSet<string> NotRuns = new(StringComparer.Ordinal) { "tags", "datasets", "traces", "models" };

    private static readonly string[] StatusNames = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

    /// <summary>Whether the root looks like a file store: an experiment folder with a meta.yaml, or a models folder.</summary>
    public bool LooksLikeStore() =>
        tree.IsDirectory(ModelsFolder) || tree.Subdirectories("").Any(d => d != Trash && tree.IsFile(MlflowFileTree.Join(d, Meta)));

    /// <summary>Active experiments, then deleted ones (.trash), each by folder name.</summary>
    public IReadOnlyList<MlflowExperiment> Experiments()
    {
        var experiments = new List<MlflowExperiment>();
        foreach (string name in tree.Subdirectories(""))
        {
            if (name is not (Trash or ModelsFolder))
            {
                AddExperiment(name, false, experiments);
            }
        }
        foreach (string name in tree.Subdirectories(Trash))
        {
            AddExperiment(MlflowFileTree.Join(Trash, name), true, experiments);
        }
        return experiments;
    }

    public IReadOnlyList<MlflowRunMeta> Runs(MlflowExperiment experiment)
    {
        var runs = new List<MlflowRunMeta>();
        foreach (string name in tree.Subdirectories(experiment.Folder))
        {
            string folder = MlflowFileTree.Join(experiment.Folder, name);
            if (NotRuns.Contains(name) || !tree.IsFile(MlflowFileTree.Join(folder, Meta)))
            {
                continue;
            }
            if (ReadMeta(folder) is { } meta && ToRun(folder, experiment, meta) is { } run)
            {
                runs.Add(run);
            }
        }
        return runs;
    }

    public MlflowRunData ReadData(MlflowRunMeta run)
    {
        var limits = tree.Limits;
        return new MlflowRunData(
            Values(MlflowFileTree.Join(run.Folder, "params")),
            Values(MlflowFileTree.Join(run.Folder, "tags")),
            Metrics(MlflowFileTree.Join(run.Folder, "metrics")),
            tree.FilesBelow(MlflowFileTree.Join(run.Folder, "artifacts"), limits.ArtifactFiles));
    }

    public IReadOnlyList<MlflowModel> Models()
    {
        var models = new List<MlflowModel>();
        foreach (string name in tree.Subdirectories(ModelsFolder))
        {
            string folder = MlflowFileTree.Join(ModelsFolder, name);
            if (ReadMeta(folder) is not { } meta)
            {
                continue;
            }
            var versions = new List<MlflowModelVersion>();
            foreach (string versionFolder in tree.Subdirectories(folder).Where(v => v.StartsWith("version-", StringComparison.Ordinal)))
            {
                if (ReadVersion(MlflowFileTree.Join(folder, versionFolder)) is { } version)
                {
                    versions.Add(version);
                }
            }
            models.Add(new MlflowModel(folder, MlflowYaml.Text(meta, "name") ?? name, MlflowYaml.Integer(meta, "last_updated_timestamp"),
                [.. versions.OrderBy(v => v.Number)], Aliases(MlflowFileTree.Join(folder, "aliases"))));
        }
        return models;
    }

    private void AddExperiment(string folder, bool trashed, List<MlflowExperiment> experiments)
    {
        if (!tree.IsFile(MlflowFileTree.Join(folder, Meta)))
        {
            problems.Add(new MlflowProblem(folder, "has no meta.yaml, so it is not an experiment; skipped"));
            return;
        }
        if (ReadMeta(folder) is not { } meta)
        {
            return;
        }
        string id = MlflowYaml.Text(meta, "experiment_id") ?? folder[(folder.LastIndexOf('/') + 1)..];
        string experimentName = MlflowYaml.Text(meta, "name") ?? $"experiment {id}";
        bool deleted = trashed || string.Equals(MlflowYaml.Text(meta, "lifecycle_stage"), "deleted", StringComparison.OrdinalIgnoreCase);
        experiments.Add(new MlflowExperiment(folder, id, experimentName, deleted));
    }

    private MlflowRunMeta? ToRun(string folder, MlflowExperiment experiment, Dictionary<string, string?> meta)
    {
        string id = MlflowYaml.Text(meta, "run_id") ?? MlflowYaml.Text(meta, "run_uuid") ?? folder[(folder.LastIndexOf('/') + 1)..];
        if (!RunId.TryParse(id, out _))
        {
            problems.Add(new MlflowProblem(folder, $"has the run id '{id}', which is not 32 lowercase hex digits as git-ml (and MLflow) run ids are; the run was not imported"));
            return null;
        }
        return new MlflowRunMeta(
            folder,
            experiment,
            id,
            MlflowYaml.Text(meta, "run_name"),
            MlflowYaml.Text(meta, "user_id"),
            Status(folder, MlflowYaml.Text(meta, "status")),
            MlflowYaml.Integer(meta, "start_time"),
            MlflowYaml.Integer(meta, "end_time"),
            experiment.Deleted || string.Equals(MlflowYaml.Text(meta, "lifecycle_stage"), "deleted", StringComparison.OrdinalIgnoreCase),
            MlflowYaml.Integer(meta, "deleted_time"));
    }

    /// <summary>MLflow writes the status as its enum number (1 RUNNING ... 5 KILLED); older or hand-made files as the name.</summary>
    private string Status(string folder, string? recorded)
    {
        if (recorded is null)
        {
            return "RUNNING"; // what MLflow reads a missing status as
        }
        if (int.TryParse(recorded, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is >= 1 and <= 5)
        {
            return StatusNames[number - 1];
        }
        string name = recorded.ToUpperInvariant();
        if (StatusNames.Contains(name))
        {
            return name;
        }
        problems.Add(new MlflowProblem(MlflowFileTree.Join(folder, Meta), $"has the status '{recorded}', which MLflow does not know; the run was imported as FAILED"));
        return "FAILED";
    }

    private MlflowModelVersion? ReadVersion(string folder)
    {
        if (ReadMeta(folder) is not { } meta)
        {
            return null;
        }
        string fromFolder = folder[(folder.LastIndexOf("version-", StringComparison.Ordinal) + "version-".Length)..];
        long? number = MlflowYaml.Integer(meta, "version") ?? (long.TryParse(fromFolder, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null);
        if (number is not (>= 1 and <= int.MaxValue))
        {
            problems.Add(new MlflowProblem(folder, "has no version number (1 or more); skipped"));
            return null;
        }
        return new MlflowModelVersion(
            folder,
            (int)number,
            MlflowYaml.Text(meta, "current_stage") ?? "None",
            MlflowYaml.Text(meta, "source"),
            MlflowYaml.Text(meta, "run_id"),
            MlflowYaml.Text(meta, "user_id"),
            MlflowYaml.Integer(meta, "creation_timestamp"),
            MlflowYaml.Integer(meta, "last_updated_timestamp"),
            MlflowYaml.Text(meta, "description"));
    }

    private Dictionary<string, int> Aliases(string folder)
    {
        var aliases = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string alias in tree.Files(folder))
        {
            string path = MlflowFileTree.Join(folder, alias);
            if (tree.ReadText(path, 64) is not { } text)
            {
                continue;
            }
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int version) && version >= 1)
            {
                aliases[alias] = version;
            }
            else
            {
                problems.Add(new MlflowProblem(path, "does not hold a version number; the alias was not imported"));
            }
        }
        return aliases;
    }

    private Dictionary<string, string?>? ReadMeta(string folder)
    {
        string path = MlflowFileTree.Join(folder, Meta);
        if (tree.ReadText(path, tree.Limits.MetaBytes) is not { } text)
        {
            return null;
        }
        try
        {
            return MlflowYaml.ReadMapping(text);
        }
        catch (FormatException e)
        {
            problems.Add(new MlflowProblem(path, $"cannot be read: {e.Message}; skipped"));
            return null;
        }
    }

    /// <summary>Params or tags: one file per key, its whole content the value.</summary>
    private Dictionary<string, string> Values(string folder)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in tree.FilesBelow(folder, tree.Limits.DirectoryEntries))
        {
            if (tree.ReadText(MlflowFileTree.Join(folder, key), tree.Limits.ValueBytes) is { } value)
            {
                values[key] = value;
            }
        }
        return values;
    }

    private Dictionary<string, IReadOnlyList<MetricPoint>> Metrics(string folder)
    {
        var metrics = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
        foreach (var (key, _) in tree.FilesBelow(folder, tree.Limits.DirectoryEntries))
        {
            string path = MlflowFileTree.Join(folder, key);
            if (tree.ReadLines(path, tree.Limits.MetricPoints) is not { } lines)
            {
                continue;
            }
            var points = new List<MetricPoint>(lines.Count);
            int bad = 0;
            foreach (string line in lines)
            {
                if (MlflowMetricLine.TryParse(line, out var point))
                {
                    points.Add(point);
                }
                else
                {
                    bad++;
                }
            }
            if (bad > 0)
            {
                problems.Add(new MlflowProblem(path, $"has {bad} line(s) that are not \"timestamp value [step]\"; they were left out"));
            }
            if (points.Count > 0)
            {
                metrics[key] = points;
            }
        }
        return metrics;
    }
}
