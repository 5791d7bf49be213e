namespace GitMl.Core.Tracking;

/// <summary>
/// The blocks `git ml init` writes into .gitignore and .gitattributes, between markers so that people (and a
/// later init) can tell them apart from their own lines.
/// </summary>
public static class ManagedBlock
{
    public const string Begin = "# >>> git-ml";
    public const string End = "# <<< git-ml";

    /// <summary>Formats of models and datasets that are binary and usually large: git-ml stores them by default.</summary>
    public static readonly IReadOnlyList<string> DefaultTrackedPatterns =
    [
        // Models and weights
        "*.pkl", "*.pickle", "*.joblib", "*.h5", "*.hdf5", "*.keras", "*.pt", "*.pth", "*.ckpt", "*.safetensors",
        "*.onnx", "*.pb", "*.tflite", "*.msgpack", "*.bin", "*.gguf",
        // Datasets and arrays
        "*.parquet", "*.feather", "*.arrow", "*.avro", "*.orc", "*.npy", "*.npz", "*.tfrecord",
    ];

    public static IEnumerable<string> GitAttributesBlock()
    {
        yield return Begin + ": model and data files are stored by git-ml (Git keeps a small pointer, git-ml keeps the bytes).";
        yield return "# Add patterns with `git ml track 'PATTERN'`, remove them with `git ml untrack 'PATTERN'`.";
        foreach (string pattern in DefaultTrackedPatterns)
        {
            yield return $"{pattern} {AttributesFile.TrackAttributes}";
        }
        yield return "# Lock files merge stage by stage, params.yaml key by key (docs/merge.md).";
        foreach (string line in AttributesFile.MergeDriverLines)
        {
            yield return line;
        }
        yield return End;
    }

    public static IEnumerable<string> GitIgnoreBlock()
    {
        yield return Begin + ": what an ML repository should never version.";
        yield return "# Model and data files (*.pkl, *.pt, *.onnx, *.parquet, ...) are deliberately NOT ignored:";
        yield return "# .gitattributes sends them through git-ml, so `git add` versions them safely as pointers,";
        yield return "# and the pre-commit hook stops any other large or binary file before it reaches history.";
        yield return "# Caches and scratch output";
        foreach (string line in new[] { "__pycache__/", "*.py[cod]", ".ipynb_checkpoints/", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/", "*.egg-info/", ".cache/", "*.tmp" })
        {
            yield return line;
        }
        yield return "# Other tools' local state (DVC cache, MLflow and W&B run folders, Lightning logs)";
        foreach (string line in new[] { ".dvc/cache/", ".dvc/tmp/", "mlruns/", "mlartifacts/", "wandb/", "lightning_logs/" })
        {
            yield return line;
        }
        yield return "# Secrets";
        yield return ".env";
        yield return ".env.*";
        yield return "# IDE and OS files";
        foreach (string line in new[] { ".vscode/", ".idea/", "*.swp", ".DS_Store", "Thumbs.db" })
        {
            yield return line;
        }
        yield return End;
    }
}
