namespace GitMl.Core.Install;

/// <summary>Where `git ml install` writes git-ml's filter and merge-driver settings.</summary>
public enum InstallScope
{
    /// <summary>This repository's .git/config.</summary>
    Local,

    /// <summary>The user's ~/.gitconfig: every repository of this user.</summary>
    Global,

    /// <summary>The machine's gitconfig: every user.</summary>
    System,
}
