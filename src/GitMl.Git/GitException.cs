namespace GitMl.Git;

/// <summary>A git command failed; the message carries git's own explanation (its stderr).</summary>
public sealed class GitException : Exception
{
    public GitException(string message, int exitCode, string stderr) : base(message)
    {
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public int ExitCode { get; }

    public string Stderr { get; }
}
