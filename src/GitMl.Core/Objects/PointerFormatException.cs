namespace GitMl.Core.Objects;

/// <summary>Bytes that were expected to be a git-ml pointer are not one; <see cref="Error"/> says why.</summary>
public sealed class PointerFormatException : FormatException
{
    public PointerFormatException(PointerError error, string message, int? line = null)
        : base(line is null ? message : $"line {line}: {message}")
    {
        Error = error;
        Line = line;
    }

    public PointerError Error { get; }

    /// <summary>The 1-based line the problem is on, when it is on one.</summary>
    public int? Line { get; }
}
