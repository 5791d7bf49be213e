using System.Diagnostics;
using System.Globalization;
using GitMl.Storage;

namespace GitMl.Core.IO;

/// <summary>
/// Draws a transfer's progress on one terminal line: objects, bytes, rate and time left, redrawn at most five
/// times a second, erased at the end. Safe to call from the queue's parallel workers.
/// </summary>
public sealed class TerminalTransferProgress(TextWriter terminal, string what) : ITransferProgress
{
    // Names a remote from the repository's .mlconfig, drawn on the raw terminal.
    private readonly string _what = TerminalText.Escape(what);

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _objects;
    private long _bytes;
    private int _done;
    private long _moved;
    private TimeSpan _lastDrawn = TimeSpan.MinValue;
    private int _width;

    public void Begin(int objects, long bytes)
    {
        lock (_gate)
        {
            _objects = objects;
            _bytes = bytes;
            Draw(force: true);
        }
    }

    public void Advance(long bytes)
    {
        lock (_gate)
        {
            _moved += bytes;
            Draw(force: false);
        }
    }

    public void ObjectDone()
    {
        lock (_gate)
        {
            _done++;
            Draw(force: false);
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                terminal.Write("\r" + new string(' ', _width) + "\r");
                terminal.Flush();
            }
        }
    }

    private void Draw(bool force)
    {
        if (!force && _clock.Elapsed - _lastDrawn < RedrawInterval)
        {
            return;
        }
        _lastDrawn = _clock.Elapsed;
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        double rate = _moved / seconds;
        string eta = rate > 0 && _bytes > _moved ? string.Create(CultureInfo.InvariantCulture, $", {Math.Ceiling((_bytes - _moved) / rate):0} s left") : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"git-ml: {_what}: {_done}/{_objects} objects, {ByteSize.Format(_moved)} / {ByteSize.Format(_bytes)}, {ByteSize.Format((long)rate)}/s{eta}");
        _width = Math.Max(_width, line.Length);
        terminal.Write("\r" + line.PadRight(_width));
        terminal.Flush();
    }
}
