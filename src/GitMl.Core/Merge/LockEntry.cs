using GitMl.Core.Locks;

namespace GitMl.Core.Merge;

/// <summary>
/// One entry of one version of a lock file (a stage, or a top-level key such as schema) as the merge sees it: its
/// text as found, and, parsed only when asked for, its canonical text and content. A lock file of a thousand stages
/// whose branches reran ten merges by reading those ten: entries with the same text in every version need no parsing.
/// </summary>
internal sealed class LockEntry
{
    private readonly Func<(string Canonical, LockedStage? Stage)> _parse;
    private (string Canonical, LockedStage? Stage)? _parsed;

    private LockEntry(string text, Func<(string, LockedStage?)> parse)
    {
        Text = text;
        _parse = parse;
    }

    /// <summary>The entry's lines as they are in the file.</summary>
    public string Text { get; }

    /// <summary>The entry's lines as <see cref="LockFileWriter"/> writes them.</summary>
    /// <exception cref="Pipelines.PipelineFormatException">The entry is not valid.</exception>
    public string Canonical => (_parsed ??= _parse()).Canonical;

    /// <summary>The stage, for a stage entry (parsed on first use).</summary>
    public LockedStage? Stage => (_parsed ??= _parse()).Stage;

    /// <summary>Equal when the texts are, else when the canonical forms are (entries written in another order are equal).</summary>
    public static IEqualityComparer<LockEntry> SameMeaning { get; } = EqualityComparer<LockEntry>.Create(
        (x, y) => x is null ? y is null : y is not null && (x.Text == y.Text || x.Canonical == y.Canonical),
        _ => 0);

    /// <summary>An entry already in canonical form.</summary>
    public static LockEntry Known(string canonical, LockedStage? stage) => new(canonical, () => (canonical, stage));

    /// <summary>A stage entry as found in a file: "  name:" and its indented lines.</summary>
    public static LockEntry StageText(string name, string text, string file) => new(text, () =>
    {
        var stage = LockFileReader.Read("stages:\n" + text, file).Stages.Values.Single();
        return (LockFileWriter.StageBlock(name, stage), stage);
    });

    /// <summary>A top-level entry as found in a file: "key: value" (and any indented lines of its value).</summary>
    public static LockEntry TopLevelText(string key, string text, string file) => new(text, () =>
    {
        var parsed = LockFileReader.Read(text, file);
        return (key == "schema" ? LockFileWriter.SchemaBlock(parsed.Schema) : LockFileWriter.TopLevelBlock(key, parsed.Extra[key]), null);
    });
}
