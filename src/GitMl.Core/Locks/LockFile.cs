namespace GitMl.Core.Locks;

/// <summary>
/// The content of ml.lock (or dvc.lock, schema 2.0): for every stage that has run, the exact command, the hash of
/// every dependency, the value of every parameter and the hash of every output it produced. Stages are keyed by
/// name. Reading and writing it canonically is the job of <c>LockFileFormat</c>; see docs/spec/ml-lock.md.
/// </summary>
/// <param name="Extra">Top-level keys other than schema and stages, kept as they were (YAML text per key).</param>
public sealed record LockFile(string Schema, IReadOnlyDictionary<string, LockedStage> Stages, IReadOnlyDictionary<string, string> Extra)
{
    public const string CurrentSchema = "2.0";

    public static LockFile Empty { get; } = new(CurrentSchema, new Dictionary<string, LockedStage>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
}
