namespace GitMl.Cli;

/// <summary>git-ml's exit codes: scripts can tell "it said no" from "you asked wrongly" (docs/exit-codes.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation ran and failed, refused or found what it looks for (a blocked commit, a conflict, a git
    /// error, drift, a data remote unreachable or refusing us).</summary>
    public const int Failure = 1;

    /// <summary>The request cannot be carried out as given (bad arguments, parse errors, not in a repository).</summary>
    public const int Usage = 2;

    /// <summary>A bug in git-ml; never an environment or remote problem.</summary>
    public const int InternalError = 70;
}
