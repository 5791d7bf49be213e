namespace GitMl.Core.Registry;

/// <summary>Who makes a registry change and when (UTC, whole seconds, as the file keeps it).</summary>
public sealed record RegistryActor(string User, DateTimeOffset Time)
{
    public static RegistryActor Now(string user) => new(user, ModelFile.Truncate(DateTimeOffset.UtcNow));
}
