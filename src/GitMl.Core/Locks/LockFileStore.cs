using GitMl.Core.IO;
using GitMl.Core.Merge;

namespace GitMl.Core.Locks;

/// <summary>A lock file on disk (ml.lock next to ml.yaml, dvc.lock next to dvc.yaml), read and written whole, atomically.</summary>
public sealed class LockFileStore(string path)
{
    public string Path { get; } = path;

    /// <summary>
    /// The lock file's content; empty when the file does not exist yet. A lock file the merge driver left with
    /// conflict markers around some stages reads without those stages: they count as never run, so repro reruns
    /// them and writes the file whole again, which is how such a conflict is resolved (docs/merge.md).
    /// </summary>
    public LockFile Read() =>
        File.Exists(Path) ? LockFileReader.Read(ConflictMarkers.RemoveConflictedRegions(File.ReadAllText(Path)), Path) : LockFile.Empty;

    public void Write(LockFile lockFile) => AtomicFile.WriteAllText(Path, LockFileWriter.Write(lockFile));

    /// <summary>The lock file that goes with a pipeline file: ml.yaml -> ml.lock, dvc.yaml -> dvc.lock.</summary>
    public static string PathFor(string pipelineFile) =>
        System.IO.Path.ChangeExtension(pipelineFile, ".lock");
}
