namespace GitMl.Cli;

/// <summary>git-ml's exit codes: scripts can tell "it said no" from "you asked wrongly".</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation ran and failed or refused (a blocked commit, a conflict, a git error).</summary>
    public const int Failure = 1;

    /// <summary>The request cannot be carried out as given (bad arguments, not in a repository).</summary>
    public const int Usage = 2;

    /// <summary>A bug in git-ml.</summary>
    public const int InternalError = 70;
}
