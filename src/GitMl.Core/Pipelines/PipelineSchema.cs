namespace GitMl.Core.Pipelines;

/// <summary>The keys dvc.yaml (and so ml.yaml) allows, from DVC's schema (dvc/schema.py), and what people write instead.</summary>
internal static class PipelineSchema
{
    public static readonly string[] TopLevelKeys = ["stages", "vars", "params", "metrics", "plots", "artifacts", "datasets"];

    /// <summary>Keys of a stage; foreach/do and matrix are the template keys.</summary>
    public static readonly string[] StageKeys =
        ["cmd", "wdir", "deps", "params", "outs", "metrics", "plots", "vars", "frozen", "always_changed", "desc", "meta", "matrix"];

    /// <summary>Options of an output (outs and metrics).</summary>
    public static readonly string[] OutputOptions = ["cache", "persist", "checkpoint", "remote", "push", "desc", "type", "labels", "meta"];

    /// <summary>Options of a plots output: an output's, and how to draw it.</summary>
    public static readonly string[] PlotOptions = [.. OutputOptions, "template", "x", "y", "x_label", "y_label", "title", "header"];

    public static readonly string[] BooleanOptions = ["cache", "persist", "checkpoint", "push", "header"];

    public static readonly string[] ArtifactKeys = ["path", "desc", "type", "labels", "meta"];

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["command"] = "cmd",
        ["commands"] = "cmd",
        ["run"] = "cmd",
        ["script"] = "cmd",
        ["dependencies"] = "deps",
        ["depends"] = "deps",
        ["inputs"] = "deps",
        ["outputs"] = "outs",
        ["output"] = "outs",
        ["parameters"] = "params",
        ["description"] = "desc",
        ["workdir"] = "wdir",
        ["working_dir"] = "wdir",
        ["cwd"] = "wdir",
        ["variables"] = "vars",
        ["metadata"] = "meta",
    };

    /// <summary>"; did you mean `outs`?" for a key that is not one of <paramref name="known"/>, or "".</summary>
    public static string DidYouMean(string key, IReadOnlyCollection<string> known) =>
        Synonyms.TryGetValue(key, out string? synonym) && known.Contains(synonym)
            ? $"; did you mean `{synonym}`?"
            : Suggestions.DidYouMean(key, known);
}
