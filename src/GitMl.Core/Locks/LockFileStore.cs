using GitMl.Core.IO;
using GitMl.Core.Merge;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Locks;

/// <summary>A lock file on disk (ml.lock next to ml.yaml, dvc.lock next to dvc.yaml), read and written whole, atomically.</summary>
/// <param name="memo">Where the last parse is remembered (<see cref="ParseMemo"/>), so an unchanged lock file is not parsed again; null to parse every time.</param>
public sealed class LockFileStore(string path, ParseMemo? memo = null)
{
    public string Path { get; } = path;

    /// <summary>
    /// The lock file's content; empty when the file does not exist yet. A lock file the merge driver left with
    /// conflict markers around some stages reads without those stages: they count as never run, so repro reruns
    /// them and writes the file whole again, which is how such a conflict is resolved (docs/merge.md).
    /// </summary>
    public LockFile Read()
    {
        if (!File.Exists(Path))
        {
            return LockFile.Empty;
        }
        string text = File.ReadAllText(Path);
        if (memo?.Recall(text, NoOtherInput) is { } payload && LockFileCodec.TryDecode(payload) is { } recalled)
        {
            return recalled;
        }
        var lockFile = LockFileReader.Read(ConflictMarkers.RemoveConflictedRegions(text), Path);
        if (memo is not null && LockFileCodec.TryEncode(lockFile) is { } encoded)
        {
            memo.Remember(text, [], encoded);
        }
        return lockFile;
    }

    /// <summary>A lock file's parse reads nothing but its own text.</summary>
    private static string? NoOtherInput(string path) => throw new FormatException($"a lock file's memo names another input ({path})");

    public void Write(LockFile lockFile) => AtomicFile.WriteAllText(Path, LockFileWriter.Write(lockFile));

    /// <summary>The lock file that goes with a pipeline file: ml.yaml -> ml.lock, dvc.yaml -> dvc.lock.</summary>
    public static string PathFor(string pipelineFile) =>
        System.IO.Path.ChangeExtension(pipelineFile, ".lock");
}
