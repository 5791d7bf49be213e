using System.Diagnostics;
using System.Globalization;

namespace GitMl.Core.IO;

/// <summary>
/// One line of progress for one long transfer, redrawn in place on a terminal: what is happening, to which path,
/// how far (a percentage when the total is known), and the rate. It stays silent for the first second, so quick
/// work prints nothing, and it is off entirely when its writer is not a terminal (scripts see no progress).
/// </summary>
public sealed class ProgressLine
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter? _terminal;
    private readonly string _what;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDrawn;
    private int _width;

    /// <param name="terminal">Where to draw, or null when progress is off.</param>
    public ProgressLine(TextWriter? terminal, string what, long? total)
    {
        _terminal = terminal;
        _what = TerminalText.Escape(what); // a path from the repository, drawn on the raw terminal
        _total = total;
    }

    public void Report(long done)
    {
        if (_terminal is null || _clock.Elapsed < QuietPeriod || _clock.Elapsed - _lastDrawn < RedrawInterval)
        {
            return;
        }
        _lastDrawn = _clock.Elapsed;
        double rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        string amount = _total is > 0 and var total
            ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * done / total,3:0}% ({ByteSize.Format(done)} / {ByteSize.Format(total)})")
            : ByteSize.Format(done);
        string line = $"git-ml: {_what}: {amount}, {ByteSize.Format((long)rate)}/s";
        _width = Math.Max(_width, line.Length);
        _terminal.Write("\r" + line.PadRight(_width));
        _terminal.Flush();
    }

    /// <summary>Erases the line, if one was drawn.</summary>
    public void Finish()
    {
        if (_terminal is not null && _width > 0)
        {
            _terminal.Write("\r" + new string(' ', _width) + "\r");
            _terminal.Flush();
        }
    }
}
