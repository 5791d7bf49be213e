namespace GitMl.Core.Install;

/// <summary>One thing install or uninstall did, would do, or refuses to do.</summary>
public enum InstallAction
{
    Unchanged,
    Set,
    Updated,
    Removed,
    HookInstalled,
    HookUpdated,
    HookChained,
    HookRemoved,
    HookRestored,
    LeftAlone,
    Conflict,
}

/// <param name="Subject">A config key or a hook path.</param>
/// <param name="Detail">The value written, or what the user must know (for conflicts: what is in the way and how to clear it).</param>
public sealed record InstallChange(InstallAction Action, string Subject, string? Detail = null)
{
    public bool IsChange => Action is not (InstallAction.Unchanged or InstallAction.LeftAlone or InstallAction.Conflict);
}
