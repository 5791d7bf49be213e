using GitMl.Core.IO;

namespace GitMl.Cli;

/// <summary>
/// git-ml's standard streams. stdout and stderr escape control characters (<see cref="TerminalSafeWriter"/>): text
/// from a repository is shown, never acted on by the terminal. Progress goes to the raw stderr, and only when stderr
/// is a terminal: scripts and CI logs stay clean.
/// </summary>
public static class Terminal
{
    private static TextWriter? s_rawError;

    /// <summary>Replaces Console.Out and Console.Error with escaping writers; called once, first thing.</summary>
    public static void ProtectStandardStreams()
    {
        s_rawError = Console.Error;
        Console.SetOut(new TerminalSafeWriter(Console.Out));
        Console.SetError(new TerminalSafeWriter(s_rawError));
    }

    /// <summary>The raw stderr, where progress is drawn (it redraws its line with CR); see <see cref="CliContext.Progress()"/>.</summary>
    public static TextWriter RawError => s_rawError ?? Console.Error;
}
