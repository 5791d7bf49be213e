using GitMl.Core.Locks;
using GitMl.Core.Pipelines;
using GitMl.Git;

namespace GitMl.Core.Import;

/// <summary>
/// Everything an import reads, read and parsed before anything is written, so bad input stops the import with
/// nothing changed: the .dvc files Git knows or would add, .dvc/config, the pipeline (ml.yaml or dvc.yaml) and its
/// lock file (dvc.lock next to dvc.yaml: LockFileStore.PathFor), and the .dvcignore files (a .dvc file they ignore is not read).
/// </summary>
public sealed record DvcProject(IReadOnlyList<DvcFile> DvcFiles, DvcConfig Config, PipelineSpec? Pipeline, string? LockPath, LockFile? Lock, DvcIgnore Ignore)
{
    /// <exception cref="PipelineFormatException">A .dvc file, the pipeline or the lock file is not valid.</exception>
    public static DvcProject Read(MlRepository repo)
    {
        string top = repo.WorkTree;
        var ignore = DvcIgnore.Read(top, Files(repo, DvcIgnore.FileName));
        var dvcFiles = Files(repo, "*.dvc")
            .Where(p => !ignore.IsIgnored(p))
            .Order(StringComparer.Ordinal)
            .Select(p => DvcFileParser.Parse(File.ReadAllText(Path.Combine(top, p)), p))
            .ToList();
        string configPath = Path.Combine(top, ".dvc", "config");
        var config = File.Exists(configPath) ? DvcConfig.Parse(File.ReadAllText(configPath)) : DvcConfig.Empty;
        var pipeline = PipelineFiles.Load(top);
        string? lockPath = pipeline is null ? null : LockFileStore.PathFor(pipeline.FilePath);
        var lockFile = lockPath is not null && File.Exists(Path.Combine(top, lockPath)) ? new LockFileStore(Path.Combine(top, lockPath)).Read() : null;
        return new DvcProject(dvcFiles, config, pipeline, lockPath, lockFile, ignore);
    }

    /// <summary>The files of that name Git knows or would add, at any depth, that exist.</summary>
    private static IEnumerable<string> Files(MlRepository repo, string name) =>
        GitIndex.ListFiles(repo.Git, $":(glob)**/{name}", untracked: true)
            .Distinct(StringComparer.Ordinal)
            .Where(p => File.Exists(Path.Combine(repo.WorkTree, p)));

    /// <summary>The stage of the pipeline with this name, if the pipeline still declares it.</summary>
    public StageSpec? Stage(string name) => Pipeline?.Stages.FirstOrDefault(s => s.Name == name);
}
