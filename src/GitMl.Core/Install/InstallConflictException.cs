namespace GitMl.Core.Install;

/// <summary>Install found settings or hooks it does not own in its way, and changed nothing.</summary>
public sealed class InstallConflictException(IReadOnlyList<InstallChange> conflicts)
    : Exception("git-ml was not installed: " + string.Join("; ", conflicts.Select(c => $"{c.Subject}: {c.Detail}")))
{
    public IReadOnlyList<InstallChange> Conflicts { get; } = conflicts;
}
