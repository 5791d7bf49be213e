using System.Text;
using System.Text.Json;
using Notes = System.Collections.Generic.IReadOnlyList<(string Commit, byte[] Note)>;

namespace GitMl.Core.Runs;

/// <summary>
/// Run notes are append-only: a run is one line, fixed when it is recorded, and changes to it are amendment lines added
/// next to it (docs/spec/run-notes.md). Later notes may add lines and move a line to another commit (notes follow a
/// rewritten commit), but never drop a run or amendment line, nor hold a different line for a recorded run id.
/// <see cref="Rewrites"/> finds what breaks that; <see cref="Repairs"/> says how to put the recorded lines back. Pure:
/// the inputs are notes as stored, (annotated commit, UTF-8 bytes).
/// </summary>
public static class RunNotesHistory
{
    /// <param name="shared">What both sides already had (the merge base): every run and amendment line in it must still be in <paramref name="candidate"/>.</param>
    /// <param name="recorded">This clone's notes: a run recorded here must not read differently in <paramref name="candidate"/>.</param>
    public static IReadOnlyList<RunRewrite> Rewrites(Notes shared, Notes recorded, Notes candidate) =>
        Compare(shared, recorded, candidate).Rewrites;

    /// <summary>
    /// The notes to write over <paramref name="candidate"/> so it keeps what <see cref="Rewrites"/> found rewritten:
    /// annotated commit -> its whole new note text (empty: remove the note). The forged lines of recorded runs are left
    /// out and the recorded lines put back on their commits.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Repairs(Notes shared, Notes recorded, Notes candidate)
    {
        var comparison = Compare(shared, recorded, candidate);
        var notes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string> NoteOf(string commit)
        {
            if (!notes.TryGetValue(commit, out var lines))
            {
                lines = candidate.Where(n => n.Commit == commit).SelectMany(n => Lines(n.Note)).ToList();
                notes[commit] = lines;
            }
            return lines;
        }
        foreach (var (commit, line) in comparison.Forged)
        {
            NoteOf(commit).RemoveAll(l => l == line);
        }
        foreach (var (commit, line) in comparison.Missing)
        {
            var note = NoteOf(commit);
            if (!note.Contains(line))
            {
                note.Add(line);
            }
        }
        return notes.ToDictionary(n => n.Key, n => n.Value.Count == 0 ? "" : string.Join('\n', n.Value) + "\n", StringComparer.Ordinal);
    }

    private sealed record Comparison(List<RunRewrite> Rewrites, List<(string Commit, string Line)> Forged, List<(string Commit, string Line)> Missing);

    private static Comparison Compare(Notes shared, Notes recorded, Notes candidate)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var candidateRuns = new Dictionary<RunId, List<(string Commit, string Line)>>();
        foreach (var (commit, line, entry) in Entries(candidate))
        {
            present.Add(line);
            if (entry is ("run", var id))
            {
                (candidateRuns.TryGetValue(id, out var list) ? list : candidateRuns[id] = []).Add((commit, line));
            }
        }
        var recordedRuns = new Dictionary<RunId, List<(string Commit, string Line)>>();
        foreach (var (commit, line, entry) in Entries(recorded))
        {
            if (entry is ("run", var id))
            {
                (recordedRuns.TryGetValue(id, out var list) ? list : recordedRuns[id] = []).Add((commit, line));
            }
        }
        var rewrites = new List<RunRewrite>();
        var forged = new List<(string, string)>();
        var missing = new List<(string, string)>();
        // A recorded run with another line in the candidate: the candidate's line is forged, the recorded one kept.
        foreach (var (id, lines) in candidateRuns.OrderBy(r => r.Key.Hex, StringComparer.Ordinal))
        {
            if (!recordedRuns.TryGetValue(id, out var mine))
            {
                continue;
            }
            foreach (var (commit, line) in lines.Where(l => !mine.Any(m => m.Line == l.Line)))
            {
                rewrites.Add(new RunRewrite(id, commit, RunRewriteKind.Changed));
                forged.Add((commit, line));
                missing.AddRange(mine.Where(m => !present.Contains(m.Line)));
            }
        }
        // A line both sides had that the candidate dropped.
        foreach (var (commit, line, entry) in Entries(shared).Where(e => e.Entry is not null && !present.Contains(e.Line)))
        {
            var (kind, id) = entry!.Value;
            var what = kind == "amend" ? RunRewriteKind.AmendmentRemoved : candidateRuns.ContainsKey(id) ? RunRewriteKind.Changed : RunRewriteKind.Removed;
            rewrites.Add(new RunRewrite(id, commit, what));
            missing.Add((commit, line));
        }
        return new Comparison(rewrites.Distinct().ToList(), forged, missing.Distinct().ToList());
    }

    /// <summary>Every non-empty line of the notes with its commit and, for a git-ml line with a valid run id, its kind and id.</summary>
    private static IEnumerable<(string Commit, string Line, (string Kind, RunId Id)? Entry)> Entries(Notes notes)
    {
        foreach (var (commit, note) in notes)
        {
            foreach (string line in Lines(note))
            {
                yield return (commit, line, Identify(line));
            }
        }
    }

    private static IEnumerable<string> Lines(byte[] note) =>
        Encoding.UTF8.GetString(note).Split('\n').Where(l => l.Length > 0);

    /// <summary>The kind ("run" or "amend") and run id of a line, from its top-level keys only; null for anything else.</summary>
    private static (string Kind, RunId Id)? Identify(string line)
    {
        string? kind = null, id = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && name == "kind")
                {
                    kind = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && name == "id")
                {
                    id = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return kind is "run" or "amend" && RunId.TryParse(id, out var runId) ? (kind, runId) : null;
    }
}
