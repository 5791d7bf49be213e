namespace GitMl.Core.Registry;

/// <summary>What a <see cref="ModelUri"/> resolved to: the model, the version, and the URI as asked.</summary>
public sealed record ResolvedModel(ModelUri Uri, ModelRecord Model, ModelVersion Version);
