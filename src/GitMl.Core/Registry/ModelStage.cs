namespace GitMl.Core.Registry;

/// <summary>
/// The registry's stages. <see cref="Staging"/> and <see cref="Production"/> hold one version each at a time;
/// <see cref="Archived"/> is a state any number of versions can be in (retired, still available, prunable by the
/// retention policy). Names are matched case-insensitively and always written in this canonical spelling.
/// </summary>
public static class ModelStage
{
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    /// <summary>What a version with no stage is shown as (MLflow's "None").</summary>
    public const string None = "None";

    /// <summary>The stages that hold exactly one version (and that a URI and GIT_ML_MODEL_STAGE may name).</summary>
    public static IReadOnlyList<string> Single { get; } = [Staging, Production];

    /// <summary>The canonical spelling of a stage name, or an error listing the valid ones.</summary>
    public static string Parse(string text) =>
        TryParse(text) ?? throw new ArgumentException($"'{text}' is not a stage: use Staging, Production or Archived");

    /// <summary>The canonical spelling of a stage name, or null.</summary>
    public static string? TryParse(string? text) =>
        text is null ? null
        : text.Equals(Staging, StringComparison.OrdinalIgnoreCase) ? Staging
        : text.Equals(Production, StringComparison.OrdinalIgnoreCase) ? Production
        : text.Equals(Archived, StringComparison.OrdinalIgnoreCase) ? Archived
        : null;

    /// <summary>Staging or Production (canonical), or an error: the stages a URI can name.</summary>
    public static string ParseSingle(string text, string what)
    {
        string? stage = TryParse(text);
        return stage is Staging or Production
            ? stage
            : throw new ArgumentException($"{what} '{text}' is not allowed: use Staging or Production");
    }
}
