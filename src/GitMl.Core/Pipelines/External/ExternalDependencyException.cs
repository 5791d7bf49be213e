namespace GitMl.Core.Pipelines.External;

/// <summary>
/// An external dependency could not be checked; the message names the URL, why, and what to do. An IOException, so a
/// stage that cannot be judged fails with this message as any unreadable dependency does.
/// </summary>
public sealed class ExternalDependencyException : IOException
{
    public ExternalDependencyException(string message)
        : base(message)
    {
    }

    public ExternalDependencyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
