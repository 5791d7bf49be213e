namespace GitMl.Core.Registry;

/// <summary>The registry as one commit holds it: the commit (null when the registry does not exist yet) and every model.</summary>
public sealed record RegistrySnapshot(string? Commit, IReadOnlyDictionary<string, ModelRecord> Models)
{
    public static RegistrySnapshot Empty { get; } = new(null, new Dictionary<string, ModelRecord>());

    /// <summary>The model, or a clear error naming the models there are.</summary>
    public ModelRecord Require(string name) =>
        Models.TryGetValue(RegistryNames.ValidateModel(name), out var model)
            ? model
            : throw new RegistryException($"there is no model '{name}' in the registry ({(Models.Count == 0 ? "it is empty: register one with git ml model register NAME PATH" : "models: " + string.Join(", ", Models.Keys.Order(StringComparer.Ordinal)))}); if it was registered in another clone, fetch the registry first");
}
