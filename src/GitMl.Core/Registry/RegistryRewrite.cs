namespace GitMl.Core.Registry;

/// <summary>One way a registry rewrote recorded history: the model, the version (null: the model as a whole) and what changed.</summary>
public sealed record RegistryRewrite(string Model, int? Version, string What)
{
    public override string ToString() => Version is int v ? $"{Model} version {v}: {What}" : $"{Model}: {What}";
}
