namespace GitMl.Core;

/// <summary>Who runs git-ml in this process: what it may stop on depends on it.</summary>
public enum Caller
{
    /// <summary>A command the user typed (`git ml ...`): it may stop at a bad value in the user's own git config.</summary>
    User,

    /// <summary>Git itself (the filter, a hook, a merge driver): it never breaks the git command on a setting.</summary>
    Git,
}
