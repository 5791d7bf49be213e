using GitMl.Core.IO;

namespace GitMl.Cli;

/// <summary>Progress goes to stderr, and only when stderr is a terminal: scripts and CI logs stay clean.</summary>
public static class Terminal
{
    public static TextWriter? Progress() => Console.IsErrorRedirected ? null : Console.Error;

    public static TerminalTransferProgress? Progress(string what) => Progress() is { } terminal ? new TerminalTransferProgress(terminal, what) : null;
}
