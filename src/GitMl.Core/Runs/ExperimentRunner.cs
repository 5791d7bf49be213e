using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using GitMl.Core.Locks;
using GitMl.Core.Metrics;
using GitMl.Core.Objects;
using GitMl.Core.Pipelines;
using GitMl.Core.Pipelines.Repro;

namespace GitMl.Core.Runs;

/// <summary>
/// `git ml run`: runs a command (or the pipeline) as a tracked run and records it as a note on the commit it ran from.
/// The command learns its run from the environment (<see cref="RunIdVariable"/>, <see cref="RunDirVariable"/>) and logs
/// by appending lines to <see cref="RunLogFile"/> in that folder; everything else (params, metrics files, lineage,
/// outputs) is read by git-ml around the command. The run folder is removed only once the note is written, so a
/// failure to record loses nothing.
/// </summary>
public sealed class ExperimentRunner(MlRepository repo, Remotes.IBlobStoreFactory? stores = null)
{
    public const string RunIdVariable = "GIT_ML_RUN_ID";

    public const string RunDirVariable = "GIT_ML_RUN_DIR";

    public const string ParamsFileVariable = "GIT_ML_PARAMS_FILE";

    public const string ParamVariablePrefix = "GIT_ML_PARAM_";

    public RunOutcome Run(RunRequest request, TextWriter output)
    {
        var origin = RunOrigin.Capture(repo);
        if (origin.Dirty && !request.AllowDirty)
        {
            throw new DirtyTreeException(origin.ChangedFiles);
        }
        var warnings = new List<string>();
        var pipeline = LoadPipeline(request, warnings);
        var declared = pipeline is null ? DeclaredFiles.None : DeclaredFiles.From(pipeline.Spec);
        var parameters = RunInputs.Params(repo, declared);
        foreach (var (key, value) in request.Overrides)
        {
            parameters[key] = value;
        }
        var id = RunId.New();
        string folder = CreateRunFolder(id, parameters);

        var execution = Execute(request, pipeline, RunEnvironment(request, id, folder), output);

        var log = RunLogFile.Read(Path.Combine(folder, RunLogFile.FileName));
        warnings.AddRange(log.Warnings);
        var run = Record(request, id, origin, execution, parameters, declared, pipeline, log, warnings);
        new RunNotes(repo).Append(origin.Commit, RunNoteFormat.Write(run));
        Directory.Delete(folder, recursive: true);
        return new RunOutcome(run, execution.ExitCode, warnings);
    }

    /// <summary>When the command (or the pipeline) ran and how it ended.</summary>
    private sealed record Execution(DateTimeOffset Start, DateTimeOffset End, int ExitCode, bool Signalled);

    /// <summary>The run's folder under the store, holding the params file the command may read and the log it appends to.</summary>
    private string CreateRunFolder(RunId id, IReadOnlyDictionary<string, string> parameters)
    {
        string folder = Path.Combine(MlRepository.StoreRoot(repo.Layout), "runs", id.Hex);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "params.json"), ParamsJson(parameters));
        return folder;
    }

    /// <summary>What the command finds in its environment besides the caller's: the run, its folder, its params file and each --set value.</summary>
    private static Dictionary<string, string> RunEnvironment(RunRequest request, RunId id, string folder)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RunIdVariable] = id.Hex,
            [RunDirVariable] = folder,
            [ParamsFileVariable] = Path.Combine(folder, "params.json"),
        };
        foreach (var (key, value) in request.Overrides)
        {
            environment[ParamVariable(key)] = value;
        }
        return environment;
    }

    private static Execution Execute(RunRequest request, Pipeline? pipeline, Dictionary<string, string> environment, TextWriter output)
    {
        var start = DateTimeOffset.UtcNow;
        var (exitCode, signalled) = pipeline is not null && request.ReproTargets is { } targets
            ? Reproduce(pipeline, targets, environment, output)
            : RunProcess.Execute(request.Command, Environment.CurrentDirectory, environment);
        return new Execution(start, DateTimeOffset.UtcNow, exitCode, signalled);
    }

    /// <summary>The run as its note records it: what was asked, what the command logged, and what git-ml read around it.</summary>
    private RunRecord Record(RunRequest request, RunId id, RunOrigin origin, Execution execution, SortedDictionary<string, string> parameters,
        DeclaredFiles declared, Pipeline? pipeline, RunLog log, List<string> warnings)
    {
        foreach (var (key, value) in log.Params)
        {
            parameters[key] = value;
        }
        var lockFile = pipeline is not null && File.Exists(pipeline.Lock.Path) ? TryReadLock(pipeline, warnings) : null;
        var outputs = StoreArtifacts(log.Artifacts, warnings);
        if (request.ReproTargets is not null && lockFile is not null)
        {
            outputs = outputs.Concat(RunInputs.Outputs(lockFile, null)).DistinctBy(o => o.Path).ToList();
        }
        var tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in log.Tags)
        {
            tags[key] = value;
        }
        RunId? parent = RunId.TryParse(repo.Settings.ParentRunId, out var p) ? p : null;
        return new RunRecord(
            id,
            request.Name ?? DefaultName(request, id),
            execution.Signalled ? RunStatus.Killed : execution.ExitCode == 0 ? RunStatus.Finished : RunStatus.Failed,
            repo.CurrentUser(),
            Environment.MachineName,
            execution.Start,
            execution.End,
            execution.ExitCode,
            request.ReproTargets is { } t ? ["git", "ml", "repro", .. t] : request.Command,
            origin.Commit,
            origin.Branch,
            origin.Dirty,
            origin.DiffSha256,
            parameters,
            Metrics(log, declared, warnings),
            tags,
            RunInputs.Lineage(repo, lockFile),
            outputs,
            parent,
            request.GitMlVersion,
            RuntimeInformation.OSDescription);
    }

    /// <summary>The environment variable a --set key reaches the command in: GIT_ML_PARAM_ and the key in upper case, other characters as '_' ("train.lr" -> GIT_ML_PARAM_TRAIN_LR).</summary>
    public static string ParamVariable(string key)
    {
        var name = new StringBuilder(ParamVariablePrefix);
        foreach (char c in key)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }
        return name.ToString();
    }

    private Pipeline? LoadPipeline(RunRequest request, List<string> warnings)
    {
        if (request.ReproTargets is not null)
        {
            return Pipeline.Require(repo, stores);
        }
        try
        {
            return Pipeline.Load(repo, stores);
        }
        catch (PipelineFormatException e)
        {
            warnings.Add($"{e.Message} (the run records no pipeline params or metrics files)");
            return null;
        }
    }

    private static (int, bool) Reproduce(Pipeline pipeline, IReadOnlyList<string> targets, Dictionary<string, string> environment, TextWriter output)
    {
        // Stage commands get the run's variables beside git-ml's own environment, as a run's command does.
        var options = new ReproOptions(targets, Force: false, DryRun: false, Downstream: false, KeepGoing: false, Jobs: 1, UseRunCache: true)
        {
            Environment = environment,
        };
        var result = pipeline.Reproduce(options, output);
        return (result.Succeeded ? 0 : 1, false);
    }

    private List<RunMetric> Metrics(RunLog log, DeclaredFiles declared, List<string> warnings)
    {
        var metrics = log.Metrics.Select(m => MetricHistory.Summarize(m.Key, m.Value, repo.Store)).ToList();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (name, value) in RunInputs.MetricsFiles(repo, declared, warnings))
        {
            if (!log.Metrics.ContainsKey(name))
            {
                metrics.Add(new RunMetric(name, value, 0, 1, [new MetricPoint(0, value, now)], null));
            }
        }
        return metrics;
    }

    /// <summary>Stores each logged artifact (a file, or every file under a folder) and names it relative to the top of the working tree.</summary>
    private List<RunFile> StoreArtifacts(IEnumerable<string> artifacts, List<string> warnings)
    {
        var files = new List<RunFile>();
        foreach (string artifact in artifacts.Distinct(StringComparer.Ordinal))
        {
            // A link on the way or inside a folder is refused, never followed out of the working tree: the artifact is
            // left out (the run is still recorded) and the warning names the link.
            List<(string Path, StoredObject Stored)> stored;
            try
            {
                stored = StoreArtifact(artifact);
            }
            catch (IOException e) when (e is WorktreeLinkException or OutsideRootException)
            {
                warnings.Add($"artifact '{artifact}' left out: {e.Message}");
                continue;
            }
            bool any = stored.Count > 0;
            files.AddRange(stored.Select(s => new RunFile(s.Path, s.Stored.Oid, s.Stored.Size)));
            if (!any)
            {
                warnings.Add($"artifact '{artifact}' was logged but is not there at the end of the run (left out)");
            }
        }
        return files;
    }

    /// <summary>Stores an artifact's file, or every file under its folder, read through <see cref="WorktreeFiles"/>.</summary>
    /// <exception cref="WorktreeLinkException">A symbolic link is on the way or in the folder; nothing of it is kept.</exception>
    /// <exception cref="OutsideRootException">The path leads out of the working tree.</exception>
    private List<(string Path, StoredObject Stored)> StoreArtifact(string artifact)
    {
        string relative = WorktreeFiles.Normalize(repo.WorkTree, artifact);
        WorktreeFiles.CheckNoLink(repo.WorkTree, relative, includeLast: true, writing: false);
        string full = Path.Combine(repo.WorkTree, relative);
        List<string> paths = Directory.Exists(full) ? WorktreeFiles.EnumerateFiles(repo.WorkTree, relative) : File.Exists(full) ? [relative] : [];
        var stored = new List<(string, StoredObject)>();
        foreach (string path in paths)
        {
            using var stream = WorktreeFiles.OpenRead(repo.WorkTree, path);
            stored.Add((path, repo.Store.Add(stream)));
        }
        return stored;
    }

    private static LockFile? TryReadLock(Pipeline pipeline, List<string> warnings)
    {
        try
        {
            return pipeline.Lock.Read();
        }
        catch (PipelineFormatException e)
        {
            warnings.Add($"{e.Message} (the run records no lineage from it)");
            return null;
        }
    }

    private static string DefaultName(RunRequest request, RunId id)
    {
        string first = request.ReproTargets is not null ? "repro" : Path.GetFileNameWithoutExtension(request.Command[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "run");
        return $"{first}-{id.Hex[..4]}";
    }

    private static string ParamsJson(IReadOnlyDictionary<string, string> parameters)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var (key, value) in parameters)
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
