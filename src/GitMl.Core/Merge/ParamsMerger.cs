namespace GitMl.Core.Merge;

/// <summary>
/// The key-level three-way merge of a YAML or JSON parameters file: a pure function (base, ours, theirs text) ->
/// (merged text, conflicts). Values (scalars, lists, empty maps) merge key by key with <see cref="KeyedMerge"/>'s
/// rules, compared in canonical form so formatting alone is no change. The result is OUR text with THEIR changes
/// spliced in: a changed value replaces just our value's text, an added key is copied (with its comments on the same
/// line) after its preceding sibling, a deleted key's lines are removed. Comments, key order and formatting of every
/// other line survive byte for byte. A conflicting key is replaced by git-style markers around our and their lines.
/// What cannot be placed safely (keys added or removed inside a JSON object, a key that is a value on one side and a
/// section on the other, anchors) is a <see cref="ParamsMergeException"/>: the caller merges line by line instead.
/// </summary>
public static class ParamsMerger
{
    public static ParamsMergeResult Merge(string baseText, string oursText, string theirsText, string name, int markerSize = ConflictMarkers.DefaultSize)
    {
        var b = ParamsOutline.Parse(baseText, $"{name} (merge base)");
        var o = ParamsOutline.Parse(oursText, $"{name} (ours)");
        var t = ParamsOutline.Parse(theirsText, $"{name} (theirs)");
        RejectShapeChanges(b, o, t);

        var entries = KeyedMerge.Merge(Canonical(b), Canonical(o), Canonical(t), StringComparer.Ordinal);
        var deletedByThem = entries.Where(e => e.Resolution == KeyedResolution.Theirs && e.Theirs is null).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var edits = new TextEdits(o.Text);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var conflicts = new List<ParamConflict>();
        foreach (var entry in entries)
        {
            switch (entry.Resolution)
            {
                case KeyedResolution.Theirs when entry.Ours is not null && entry.Theirs is not null:
                    ReplaceValue(edits, o, t, entry.Key);
                    break;
                case KeyedResolution.Theirs when entry.Theirs is not null:
                    AddKey(edits, o, t, TopmostMissing(o, t, entry.Key), done);
                    break;
                case KeyedResolution.Theirs:
                    RemoveKey(edits, o, t, TopmostDeleted(o, t, entry.Key, deletedByThem), done);
                    break;
                case KeyedResolution.Conflict:
                    conflicts.Add(new ParamConflict(ParamsOutline.Display(entry.Key), entry.Ours, entry.Theirs));
                    MarkConflict(edits, o, t, entry.Key, markerSize);
                    break;
            }
        }
        return new ParamsMergeResult(edits.Apply(), conflicts);
    }

    private static Dictionary<string, string> Canonical(ParamsOutline outline) =>
        outline.Values.ToDictionary(v => v.Key, v => v.Value.Canonical, StringComparer.Ordinal);

    /// <summary>A key that holds a value in one version and a section in another cannot be merged key by key.</summary>
    private static void RejectShapeChanges(params ParamsOutline[] versions)
    {
        var values = versions.SelectMany(v => v.Values.Keys).ToHashSet(StringComparer.Ordinal);
        if (versions.SelectMany(v => v.Sections.Keys).FirstOrDefault(values.Contains) is { } both)
        {
            throw new ParamsMergeException($"'{ParamsOutline.Display(both)}' is a value on one side and a section of keys on another");
        }
    }

    /// <summary>Their value's text (from just after the colon) over ours, its continuation lines shifted to our indentation.</summary>
    private static void ReplaceValue(TextEdits edits, ParamsOutline o, ParamsOutline t, string path)
    {
        var ours = o.Values[path];
        var theirs = t.Values[path];
        string text = t.Text[theirs.ColonEnd..theirs.ValueEnd];
        int delta = TextEdits.Column(o.Text, ours.KeyStart) - TextEdits.Column(t.Text, theirs.KeyStart);
        edits.Replace(ours.ColonEnd, ours.ValueEnd, TextEdits.Reindent(text, delta, fromLine: 1));
    }

    /// <summary>Copies their lines of a key (a value, or a whole new section) into our text, where their order puts it.</summary>
    private static void AddKey(TextEdits edits, ParamsOutline o, ParamsOutline t, string path, HashSet<string> done)
    {
        if (done.Add(path))
        {
            var theirs = t.Find(path)!;
            edits.Insert(InsertionPoint(o, t, path), TheirLinesForOurs(o, t, theirs));
        }
    }

    private static void RemoveKey(TextEdits edits, ParamsOutline o, ParamsOutline t, string path, HashSet<string> done)
    {
        if (done.Add(path))
        {
            var (start, end) = OwnLines(o, o.Find(path)!, "remove");
            edits.Replace(start, end, "");
        }
    }

    private static void MarkConflict(TextEdits edits, ParamsOutline o, ParamsOutline t, string path, int markerSize)
    {
        string theirLines = t.Find(path) is { } theirs ? TheirLinesForOurs(o, t, theirs) : "";
        if (o.Find(path) is { } ours)
        {
            var (start, end) = OwnLines(o, ours, "mark a conflict at");
            edits.Replace(start, end, ConflictMarkers.Wrap(EndWithNewline(o.Text[start..end]), theirLines, markerSize));
        }
        else
        {
            edits.Insert(InsertionPoint(o, t, path), ConflictMarkers.Wrap("", theirLines, markerSize));
        }
    }

    /// <summary>Their whole lines for a key, shifted to the indentation our text uses for that key's siblings.</summary>
    private static string TheirLinesForOurs(ParamsOutline o, ParamsOutline t, ParamsKey theirs)
    {
        var (start, end) = OwnLines(t, theirs, "copy");
        int ourColumn = o.Children.GetValueOrDefault(theirs.Parent) is [var sibling, ..] ? TextEdits.Column(o.Text, o.Find(sibling)!.KeyStart) : 0;
        return EndWithNewline(TextEdits.Reindent(t.Text[start..end], ourColumn - TextEdits.Column(t.Text, theirs.KeyStart)));
    }

    /// <summary>
    /// Where an added key goes in our text: after the nearest key that precedes it in their file and exists in ours,
    /// else before the nearest that follows it, else at the end of its section.
    /// </summary>
    private static int InsertionPoint(ParamsOutline o, ParamsOutline t, string path)
    {
        string parent = t.Find(path)!.Parent;
        if (!o.Sections.ContainsKey(parent))
        {
            throw new ParamsMergeException($"'{ParamsOutline.Display(path)}' belongs to a section our side removed");
        }
        var siblings = t.Children[parent];
        int index = siblings.IndexOf(path);
        if (siblings.Take(index).LastOrDefault(s => o.Find(s) is not null) is { } before)
        {
            return OwnLines(o, o.Find(before)!, "add a key after").End;
        }
        if (siblings.Skip(index + 1).FirstOrDefault(s => o.Find(s) is not null) is { } after)
        {
            return OwnLines(o, o.Find(after)!, "add a key before").Start;
        }
        if (o.Children[parent] is [.., var last])
        {
            return OwnLines(o, o.Find(last)!, "add a key after").End;
        }
        if (parent.Length == 0)
        {
            return o.Text.Length;
        }
        throw new ParamsMergeException($"our section '{ParamsOutline.Display(parent)}' is empty, so there is no place to copy '{ParamsOutline.Display(path)}' into");
    }

    /// <summary>The lines a key occupies (its key line through its value's last line); it must have them to itself.</summary>
    private static (int Start, int End) OwnLines(ParamsOutline outline, ParamsKey key, string action)
    {
        string text = outline.Text;
        int start = TextEdits.LineStart(text, key.KeyStart);
        int end = TextEdits.LineEnd(text, key.ValueEnd);
        bool ownsStart = text.AsSpan(start, key.KeyStart - start).IsWhiteSpace();
        string rest = text[key.ValueEnd..end].Trim();
        bool ownsEnd = rest.Length == 0 || rest[0] == '#' || (!key.InFlow && rest[0] == ',') || (key.InFlow && rest == ",");
        if (key.InFlow && action is not "copy" and not "mark a conflict at")
        {
            throw new ParamsMergeException($"cannot {action} '{ParamsOutline.Display(key.Path)}' inside a JSON object or {{...}} mapping without rewriting its commas");
        }
        if (!ownsStart || !ownsEnd)
        {
            throw new ParamsMergeException($"cannot {action} '{ParamsOutline.Display(key.Path)}': it shares its line with other keys");
        }
        return (start, end);
    }

    /// <summary>The highest section of a key they added that we do not have at all: copying that copies everything under it.</summary>
    private static string TopmostMissing(ParamsOutline o, ParamsOutline t, string path)
    {
        string parent = t.Find(path)!.Parent;
        return parent.Length > 0 && o.Find(parent) is null ? TopmostMissing(o, t, parent) : path;
    }

    /// <summary>The highest section whose every value they deleted (and that they no longer have): removing it removes its heading too.</summary>
    private static string TopmostDeleted(ParamsOutline o, ParamsOutline t, string path, HashSet<string> deletedByThem)
    {
        string parent = o.Find(path)!.Parent;
        bool wholeSectionGone = parent.Length > 0 && t.Find(parent) is null
            && o.Values.Keys.Where(k => k.StartsWith(parent + ParamsOutline.Separator, StringComparison.Ordinal)).All(deletedByThem.Contains);
        return wholeSectionGone ? TopmostDeleted(o, t, parent, deletedByThem) : path;
    }

    private static string EndWithNewline(string text) => text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
}
