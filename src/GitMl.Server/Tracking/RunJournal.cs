using System.Buffers;

namespace GitMl.Server.Tracking;

/// <summary>
/// The journal of a run in progress: <c>.git/ml/server/runs/RUN_ID.jsonl</c>, one line per change, appended with one
/// write per request (a log-batch of 1,000 metrics is one write), never rewritten. A server restarted after a crash
/// replays it and carries on; a line torn by the crash is the last one and is cut off. When the run ends its note is
/// written first and the journal deleted after, so a crash in between only replays an ended run, whose note is then
/// found already written.
/// </summary>
public sealed class RunJournal : IDisposable
{
    private readonly FileStream _file;

    private RunJournal(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    public static string PathFor(string directory, string runId) => System.IO.Path.Combine(directory, runId + ".jsonl");

    /// <summary>Starts a journal with its first entry, flushed to disk before the run is announced to the client.</summary>
    public static RunJournal Create(string directory, RunCreated created)
    {
        Directory.CreateDirectory(directory);
        string path = PathFor(directory, created.Id.Hex);
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var journal = new RunJournal(path, file);
        journal.Append([created]);
        file.Flush(flushToDisk: true);
        return journal;
    }

    /// <summary>Replays a journal: the run as it stood, and what could not be read (each a sentence naming the file and line).</summary>
    /// <exception cref="InvalidDataException">The first line is not the run's creation: the file is not a journal.</exception>
    public static (RunJournal Journal, ActiveRun Run, IReadOnlyList<string> Warnings) Open(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var warnings = new List<string>();
        ActiveRun? run = null;
        int start = 0;
        int lineNumber = 0;
        long goodLength = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            bool complete = end >= 0;
            int stop = complete ? end : bytes.Length;
            lineNumber++;
            try
            {
                var entry = JournalFormat.Read(bytes.AsSpan(start, stop - start));
                if (run is null)
                {
                    run = entry is RunCreated created ? created.Start() : throw new FormatException("the first line is not the run's creation");
                }
                else
                {
                    entry.ApplyTo(run);
                }
                if (complete)
                {
                    goodLength = stop + 1;
                }
            }
            catch (FormatException)
            {
                if (run is null)
                {
                    throw new InvalidDataException($"{path} is not a run journal (line 1 is not the run's creation); move it away");
                }
                if (complete && stop + 1 < bytes.Length)
                {
                    warnings.Add($"{path}: skipped line {lineNumber}, which could not be read");
                    goodLength = stop + 1;
                }
                else
                {
                    warnings.Add($"{path}: cut off line {lineNumber}, written only in part when the server stopped");
                }
            }
            start = stop + 1;
        }
        if (run is null)
        {
            throw new InvalidDataException($"{path} is empty: it is not a run journal; move it away");
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        file.SetLength(goodLength);
        file.Seek(0, SeekOrigin.End);
        return (new RunJournal(path, file), run, warnings);
    }

    /// <summary>Appends entries with one write; the caller applies them to the run only when this returns.</summary>
    public void Append(IReadOnlyList<JournalEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>(entries.Count * 64);
        foreach (var entry in entries)
        {
            JournalFormat.Write(buffer, entry);
        }
        _file.Write(buffer.WrittenSpan);
        _file.Flush();
    }

    /// <summary>Flushes to disk: called before a run's end is acknowledged.</summary>
    public void Sync() => _file.Flush(flushToDisk: true);

    public void Delete()
    {
        _file.Dispose();
        File.Delete(Path);
    }

    public void Dispose() => _file.Dispose();
}
