namespace GitMl.Protocol.FilterProcess;

/// <summary>The two content conversions of git's filter protocol.</summary>
public enum FilterCommand
{
    /// <summary>Working tree to repository (git add).</summary>
    Clean,

    /// <summary>Repository to working tree (git checkout).</summary>
    Smudge,
}
