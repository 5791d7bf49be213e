using GitMl.Core.Locks;

namespace GitMl.Core.Merge;

/// <summary>
/// One version of a lock file as entries: its schema, its stages by name and its other top-level keys by key.
/// </summary>
internal sealed record LockEntries(
    IReadOnlyDictionary<string, LockEntry> Schema, IReadOnlyDictionary<string, LockEntry> Stages, IReadOnlyDictionary<string, LockEntry> TopLevel)
{
    private const string SchemaKey = "schema";

    public static LockEntries From(LockFile lockFile) => new(
        new Dictionary<string, LockEntry>(StringComparer.Ordinal) { [SchemaKey] = LockEntry.Known(LockFileWriter.SchemaBlock(lockFile.Schema), null) },
        lockFile.Stages.ToDictionary(s => s.Key, s => LockEntry.Known(LockFileWriter.StageBlock(s.Key, s.Value), s.Value), StringComparer.Ordinal),
        lockFile.Extra.ToDictionary(e => e.Key, e => LockEntry.Known(LockFileWriter.TopLevelBlock(e.Key, e.Value), null), StringComparer.Ordinal));

    /// <summary>
    /// Splits the text into entries by indentation alone when it has the block layout lock files have (what git-ml
    /// and DVC write); anything else (flow style, comments, blank lines, double-quoted keys) is parsed whole.
    /// </summary>
    /// <exception cref="Pipelines.PipelineFormatException">The text is not a lock file.</exception>
    public static LockEntries Read(string text, string file) => TrySplit(text, file) ?? From(LockFileReader.Read(text, file));

    private static LockEntries? TrySplit(string text, string file)
    {
        var schema = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        var stages = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        var topLevel = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        // Where each entry starts; Key null: the "stages:" line itself, which belongs to no entry.
        var entries = new List<(string? Key, bool IsStage, int Start)>();
        bool inStages = false, sawStages = false;
        int at = 0;
        while (at < text.Length)
        {
            int end = text.IndexOf('\n', at);
            if (end < 0)
            {
                return null; // no final newline: not as a writer left it
            }
            var line = text.AsSpan(at, end - at);
            if (line.Length == 0 || line[0] is '#' or '-' or '\t' or '\r' || line.IsWhiteSpace())
            {
                return null;
            }
            if (line[0] != ' ')
            {
                inStages = line.SequenceEqual("stages:");
                if (line.SequenceEqual("stages: {}") || inStages)
                {
                    if (sawStages)
                    {
                        return null;
                    }
                    sawStages = true;
                    entries.Add((null, false, at));
                }
                else if (KeyOf(line) is { } key)
                {
                    entries.Add((key, false, at));
                }
                else
                {
                    return null;
                }
            }
            else if (inStages && line.Length > 2 && line[1] == ' ' && line[2] is not (' ' or '-' or '#'))
            {
                if (line[^1] != ':' || PlainOrSingleQuoted(line[2..^1]) is not { } name)
                {
                    return null;
                }
                entries.Add((name, true, at));
            }
            else if (entries.Count == 0 || (inStages && !line.StartsWith("    ")))
            {
                return null;
            }
            at = end + 1;
        }
        entries.Add((null, false, text.Length));
        for (int i = 0; i < entries.Count - 1; i++)
        {
            var (key, isStage, start) = entries[i];
            if (key is null)
            {
                continue;
            }
            string entryText = text[start..entries[i + 1].Start];
            var target = isStage ? stages : key == SchemaKey ? schema : topLevel;
            if (!target.TryAdd(key, isStage ? LockEntry.StageText(key, entryText, file) : LockEntry.TopLevelText(key, entryText, file)))
            {
                return null; // a key twice: let the parser say so
            }
        }
        return sawStages ? new LockEntries(schema, stages, topLevel) : null;
    }

    /// <summary>A top-level key: the plain or single-quoted scalar before ": "; null for anything else.</summary>
    private static string? KeyOf(ReadOnlySpan<char> line)
    {
        int colon = line[0] == '\'' ? line.IndexOf("': ", StringComparison.Ordinal) + 1 : line.IndexOf(": ", StringComparison.Ordinal);
        return colon < 1 ? null : PlainOrSingleQuoted(line[..colon]);
    }

    /// <summary>A plain or single-quoted scalar's value; null for double quotes and other YAML syntax.</summary>
    private static string? PlainOrSingleQuoted(ReadOnlySpan<char> scalar)
    {
        if (scalar.Length >= 2 && scalar[0] == '\'' && scalar[^1] == '\'')
        {
            return scalar[1..^1].ToString().Replace("''", "'", StringComparison.Ordinal);
        }
        return scalar.Length == 0 || scalar[0] is '\'' or '"' or '{' or '[' or '&' or '*' or '!' or '?' or '|' or '>' || scalar.Contains(": ", StringComparison.Ordinal)
            ? null
            : scalar.ToString();
    }
}
