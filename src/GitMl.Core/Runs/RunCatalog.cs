using System.Text;

namespace GitMl.Core.Runs;

/// <summary>
/// Every run recorded in a repository's notes, amendments folded in, with a warning for each note line that could
/// not be read (corrupt, foreign, or from a newer git-ml): such a line is skipped, never fatal, and the warning names
/// the commit so it can be looked at with `git notes --ref ml-runs show COMMIT`.
/// </summary>
public sealed class RunCatalog
{
    private RunCatalog(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> warnings)
    {
        Runs = runs;
        Warnings = warnings;
    }

    /// <summary>All runs, soft-deleted ones included (<see cref="RunRecord.Deleted"/>).</summary>
    public IReadOnlyList<RunRecord> Runs { get; }

    public IReadOnlyList<string> Warnings { get; }

    public static RunCatalog Read(MlRepository repo) => FromNotes(new RunNotes(repo).ReadAllNotes());

    /// <summary>Builds the catalog from note texts (pure).</summary>
    public static RunCatalog FromNotes(IEnumerable<(string Commit, string Text)> notes) =>
        FromNotes(notes.Select(n => (n.Commit, Encoding.UTF8.GetBytes(n.Text))).ToList());

    /// <summary>Builds the catalog from notes as stored: UTF-8 bytes (pure).</summary>
    public static RunCatalog FromNotes(IReadOnlyList<(string Commit, byte[] Note)> list)
    {
        // Parsing is most of a search's time: notes are parsed on every core, then folded in order, so the result
        // and its warnings do not depend on scheduling.
        var parsed = new List<(object? Entry, string Line, string? Problem)>[list.Count];
        Parallel.For(0, list.Count, i => parsed[i] = ParseNote(list[i].Commit, list[i].Note));
        var runs = new Dictionary<RunId, RunRecord>();
        var amendments = new List<(RunAmendment Amendment, string Text)>();
        var warnings = new List<string>();
        foreach (var entries in parsed)
        {
            foreach (var (entry, line, problem) in entries)
            {
                switch (entry)
                {
                    case RunRecord run:
                        runs.TryAdd(run.Id, run);
                        break;
                    case RunAmendment amendment:
                        amendments.Add((amendment, line));
                        break;
                    default:
                        warnings.Add(problem!);
                        break;
                }
            }
        }
        foreach (var (amendment, _) in amendments.OrderBy(a => a.Amendment.At).ThenBy(a => a.Text, StringComparer.Ordinal))
        {
            if (runs.TryGetValue(amendment.Run, out var run))
            {
                runs[amendment.Run] = Apply(run, amendment);
            }
        }
        return new RunCatalog(runs.Values.OrderByDescending(r => r.Start).ThenBy(r => r.Id.Hex, StringComparer.Ordinal).ToList(), warnings);
    }

    /// <summary>The entries of one note: each line parsed (amendments keep their text, for a stable order), or the reason it was skipped.</summary>
    private static List<(object? Entry, string Line, string? Problem)> ParseNote(string commit, byte[] note)
    {
        var entries = new List<(object?, string, string?)>();
        int lineNumber = 0;
        int start = 0;
        while (start <= note.Length)
        {
            int end = Array.IndexOf(note, (byte)'\n', start);
            if (end < 0)
            {
                end = note.Length;
            }
            lineNumber++;
            var line = note.AsSpan(start, end - start).TrimEnd((byte)'\r');
            start = end + 1;
            if (line.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }
            try
            {
                object entry = RunNoteFormat.Read(line, commit);
                entries.Add((entry, entry is RunAmendment ? Encoding.UTF8.GetString(line) : "", null));
            }
            catch (FormatException e)
            {
                entries.Add((null, "", $"skipped line {lineNumber} of the run note on commit {commit[..Math.Min(12, commit.Length)]}: {e.Message}"));
            }
        }
        return entries;
    }

    /// <summary>The run a full id or a unique prefix (4+ hex digits) names.</summary>
    /// <exception cref="ArgumentException">No run, or several, match; the message says which.</exception>
    public RunRecord Find(string idOrPrefix)
    {
        string prefix = idOrPrefix.Trim().ToLowerInvariant();
        if (!RunId.IsValidPrefix(prefix))
        {
            throw new ArgumentException($"'{idOrPrefix}' is not a run id: give 4 to 32 of its hex digits (see 'git ml runs list')");
        }
        var matches = Runs.Where(r => r.Id.StartsWith(prefix)).ToList();
        return matches switch
        {
            [var only] => only,
            [] => throw new ArgumentException($"no run id starts with '{prefix}' (see 'git ml runs list --all'; runs recorded in other clones arrive with 'git ml fetch')"),
            _ => throw new ArgumentException($"'{prefix}' is ambiguous: it starts {string.Join(", ", matches.Take(5).Select(m => m.Id.Short))}{(matches.Count > 5 ? ", ..." : "")}; give more digits"),
        };
    }

    private static RunRecord Apply(RunRecord run, RunAmendment amendment)
    {
        var tags = new Dictionary<string, string>(run.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in amendment.Tags)
        {
            if (value is null)
            {
                tags.Remove(key);
            }
            else
            {
                tags[key] = value;
            }
        }
        return run with { Tags = tags, Deleted = amendment.Deleted ?? run.Deleted };
    }
}
