using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GitMl.Core.IO;

/// <summary>
/// A writer that passes text on with <see cref="TerminalText.EscapeLines"/>'s escapes: git-ml's stdout and stderr are
/// these (Program.cs), so no message, table or report can carry a control character from a repository to the
/// terminal, whichever printer wrote it. Printers still escape what must stay on one line
/// (<see cref="TerminalText.Escape"/>); progress lines, which redraw with CR, use the raw stderr.
/// </summary>
public sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public override Encoding Encoding => inner.Encoding;

    [AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value)
    {
        if (TerminalText.NeedsEscapeLines([value]))
        {
            inner.Write(TerminalText.AppendEscapedLines(new StringBuilder(6), [value]));
        }
        else
        {
            inner.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (TerminalText.NeedsEscapeLines(buffer))
        {
            inner.Write(TerminalText.AppendEscapedLines(new StringBuilder(buffer.Length + 16), buffer));
        }
        else
        {
            inner.Write(buffer);
        }
    }

    // The line end is the inner writer's own (CR LF on Windows), never escaped.
    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value)
    {
        Write(value.AsSpan());
        inner.WriteLine();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        inner.WriteLine();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
