namespace GitMl.Git;

/// <summary>Which git config file to read or write.</summary>
public enum GitConfigScope
{
    /// <summary>Every file git reads, merged (reads only).</summary>
    Effective,
    Local,
    Global,
    System,
}
