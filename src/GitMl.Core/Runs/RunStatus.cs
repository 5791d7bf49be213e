namespace GitMl.Core.Runs;

/// <summary>How a run ended, named as MLflow names them so searches read the same.</summary>
public static class RunStatus
{
    /// <summary>The command exited 0.</summary>
    public const string Finished = "FINISHED";

    /// <summary>The command exited with another code, or could not be started.</summary>
    public const string Failed = "FAILED";

    /// <summary>The command was stopped by a signal (Ctrl-C, kill).</summary>
    public const string Killed = "KILLED";
}
