namespace GitMl.Core.Registry;

/// <summary>
/// The registry refused an operation that was well formed but not allowed in the registry's current state (delete a
/// Production version, roll back with no rollback target, an unknown model or version, a lost update race). The
/// message says what is wrong and what to do; nothing was changed. Malformed input (a bad name, URI or semver) is an
/// <see cref="ArgumentException"/> or <see cref="FormatException"/> instead.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string message) : base(message)
    {
    }

    public RegistryException(string message, Exception inner) : base(message, inner)
    {
    }

    public RegistryException()
    {
    }
}
