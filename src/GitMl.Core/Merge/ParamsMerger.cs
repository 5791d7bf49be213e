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
        var commentEdits = new List<(int Start, int End, string Text)>();
        var commentConflicts = MergeComments(commentEdits, b, o, t, entries, conflicts, markerSize);
        // Keys added at one place go in their file order.
        foreach (var entry in entries.OrderBy(e => t.Find(e.Key)?.KeyStart ?? o.Find(e.Key)?.KeyStart ?? 0))
        {
            switch (entry.Resolution)
            {
                case KeyedResolution.Theirs when entry.Ours is not null && entry.Theirs is not null:
                    if (commentConflicts.Contains(entry.Key))
                    {
                        break; // its lines are already marked, their value in them
                    }
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
        // After the keys: a key they added at a place where they also changed the comments goes above those comments.
        foreach (var (start, end, text) in commentEdits)
        {
            edits.Replace(start, end, text);
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
            var ours = o.Find(path)!;
            var (_, end) = OwnLines(o, ours, "remove");
            edits.Replace(o.Gap(ours).Start, end, "");
        }
    }

    private static void MarkConflict(TextEdits edits, ParamsOutline o, ParamsOutline t, string path, int markerSize)
    {
        var ours = o.Find(path);
        string theirLines = t.Find(path) is { } theirs ? TheirLinesForOurs(o, t, theirs, withComments: ours is null) : "";
        if (ours is not null)
        {
            var (start, end) = OwnLines(o, ours, "mark a conflict at");
            edits.Replace(start, end, ConflictMarkers.Wrap(EndWithNewline(o.Text[start..end]), theirLines, markerSize));
        }
        else
        {
            edits.Insert(InsertionPoint(o, t, path), ConflictMarkers.Wrap("", theirLines, markerSize));
        }
    }

    /// <summary>
    /// Comments merge like values, for every key both sides kept: the comment and blank lines above it, and the rest
    /// of its line (a comment after the value), are theirs where only they changed them; so is the file's tail.
    /// Changed differently on both sides: markers around both, and a conflict (never a silent pick).
    /// </summary>
    /// <returns>Keys whose lines are now marked as a conflict over the comment after their value.</returns>
    private static HashSet<string> MergeComments(List<(int Start, int End, string Text)> edits, ParamsOutline b, ParamsOutline o, ParamsOutline t,
        List<KeyedEntry<string>> entries, List<ParamConflict> conflicts, int markerSize)
    {
        var valueConflicts = entries.Where(e => e.IsConflict).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var marked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ours in o.Values.Values.Concat(o.Sections.Values).Where(k => k.KeyStart >= 0 && !k.InFlow).OrderBy(k => k.KeyStart))
        {
            if (b.Find(ours.Path) is not { } inBase || t.Find(ours.Path) is not { } theirs)
            {
                continue;
            }
            int delta = TextEdits.Column(o.Text, ours.KeyStart) - TextEdits.Column(t.Text, theirs.KeyStart);
            string display = ParamsOutline.Display(ours.Path);
            if (!MergeSpan(edits, o.Text, o.Gap(ours), b.Text[Range(b.Gap(inBase))], TextEdits.Reindent(t.Text[Range(t.Gap(theirs))], delta)))
            {
                var (start, end) = o.Gap(ours);
                edits.Add((start, end, ConflictMarkers.Wrap(o.Text[start..end], TextEdits.Reindent(t.Text[Range(t.Gap(theirs))], delta), markerSize)));
                conflicts.Add(new ParamConflict($"{display} (the comment lines above it)", "edited", "edited"));
            }
            if (!valueConflicts.Contains(ours.Path)
                && !MergeSpan(edits, o.Text, o.Trailing(ours), b.Text[Range(b.Trailing(inBase))], t.Text[Range(t.Trailing(theirs))]))
            {
                var (start, end) = ours.IsSection ? KeyLine(o, ours) : OwnLines(o, ours, "mark a conflict at");
                var (theirStart, theirEnd) = theirs.IsSection ? KeyLine(t, theirs) : OwnLines(t, theirs, "copy");
                edits.Add((start, end, ConflictMarkers.Wrap(EndWithNewline(o.Text[start..end]), EndWithNewline(TextEdits.Reindent(t.Text[theirStart..theirEnd], delta)), markerSize)));
                conflicts.Add(new ParamConflict($"{display} (the comment after it)", "edited", "edited"));
                marked.Add(ours.Path);
            }
        }
        if (!MergeSpan(edits, o.Text, o.Tail, b.Text[Range(b.Tail)], t.Text[Range(t.Tail)]))
        {
            edits.Add((o.Tail.Start, o.Tail.End, ConflictMarkers.Wrap(EndWithNewline(o.Text[Range(o.Tail)]), EndWithNewline(t.Text[Range(t.Tail)]), markerSize)));
            conflicts.Add(new ParamConflict("(the comment lines at the end of the file)", "edited", "edited"));
        }
        return marked;
    }

    /// <summary>Three-way merge of one stretch of comments: theirs replaces ours where only they changed it.</summary>
    /// <returns>False when both changed it differently (nothing edited).</returns>
    private static bool MergeSpan(List<(int Start, int End, string Text)> edits, string oursText, (int Start, int End) ours, string inBase, string theirs)
    {
        string mine = oursText[Range(ours)];
        if (mine == theirs || theirs == inBase)
        {
            return true;
        }
        if (mine != inBase)
        {
            return false;
        }
        edits.Add((ours.Start, ours.End, theirs));
        return true;
    }

    private static Range Range((int Start, int End) span) => span.Start..span.End;

    /// <summary>A section's own line (its key, colon and what follows on that line).</summary>
    private static (int Start, int End) KeyLine(ParamsOutline outline, ParamsKey key) =>
        (TextEdits.LineStart(outline.Text, key.KeyStart), TextEdits.LineEnd(outline.Text, key.ColonEnd));

    /// <summary>Their whole lines for a key, shifted to the indentation our text uses for that key's siblings.</summary>
    private static string TheirLinesForOurs(ParamsOutline o, ParamsOutline t, ParamsKey theirs, bool withComments = true)
    {
        var (start, end) = OwnLines(t, theirs, "copy");
        start = withComments ? t.Gap(theirs).Start : start;
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
            OwnLines(o, o.Find(after)!, "add a key before");
            return o.Gap(o.Find(after)!).Start;
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
