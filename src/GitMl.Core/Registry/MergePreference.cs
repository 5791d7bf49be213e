namespace GitMl.Core.Registry;

/// <summary>How a registry merge settles a conflict: report it (the default), or keep one side's choice.</summary>
public enum MergePreference
{
    /// <summary>Conflicts are reported and nothing is merged.</summary>
    None,

    /// <summary>Where both sides changed the same thing, the local registry's choice wins.</summary>
    Ours,

    /// <summary>Where both sides changed the same thing, the remote registry's choice wins.</summary>
    Theirs,
}
