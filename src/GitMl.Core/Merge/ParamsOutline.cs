using GitMl.Core.Locks;
using GitMl.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace GitMl.Core.Merge;

/// <summary>One key of a parameters file and where its text is.</summary>
/// <param name="Path">The key's segments joined by <see cref="ParamsOutline.Separator"/> ("" for the top level).</param>
/// <param name="Parent">The enclosing section's path.</param>
/// <param name="KeyStart">Offset of the key's first character; -1 for the top level.</param>
/// <param name="ColonEnd">Offset just after the colon that ends the key: a value's text, with the space or line break before it, starts here.</param>
/// <param name="ValueStart">Offset of the value's first character (<paramref name="ColonEnd"/> for an empty value).</param>
/// <param name="ValueEnd">Offset just after the value's last character (comments and line breaks after it excluded).</param>
/// <param name="Canonical">The value in canonical flow YAML, for comparing versions (formatting does not count).</param>
/// <param name="IsSection">A non-empty mapping, whose keys are merged one by one; otherwise a value merged whole.</param>
/// <param name="InFlow">Inside a flow mapping ({...}, JSON objects): values can be replaced, keys not added or removed.</param>
internal sealed record ParamsKey(string Path, string Parent, int KeyStart, int ColonEnd, int ValueStart, int ValueEnd, string Canonical, bool IsSection, bool InFlow);

/// <summary>
/// A YAML or JSON parameters file as the key-level merge sees it: every key with the offsets of its text, values
/// (scalars, lists, empty maps) separately from sections (maps), and each section's keys in file order. The text is
/// kept as it is; the merge edits it in place.
/// </summary>
internal sealed class ParamsOutline
{
    /// <summary>Joins key segments internally: a key may itself contain dots.</summary>
    public const char Separator = '\u001f';

    private ParamsOutline(string text) => Text = text;

    public string Text { get; }

    public Dictionary<string, ParamsKey> Values { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ParamsKey> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>Each section's keys (values and sections), in file order.</summary>
    public Dictionary<string, List<string>> Children { get; } = new(StringComparer.Ordinal);

    public ParamsKey? Find(string path) => Values.GetValueOrDefault(path) ?? Sections.GetValueOrDefault(path);

    /// <summary>Where each block key's comments begin: the comment and blank lines right above its line belong to it.</summary>
    private Dictionary<string, int> GapStarts { get; } = new(StringComparer.Ordinal);

    /// <summary>The comment and blank lines after the last key's line, to the end of the file.</summary>
    public (int Start, int End) Tail { get; private set; }

    /// <summary>
    /// The comment and blank lines above a key, from the end of the line of the key before it (its section's line, a
    /// sibling's last line, or the file's start) to the start of its own line: a key's comments travel with it.
    /// Empty for a key in a {...} mapping or sharing its line.
    /// </summary>
    public (int Start, int End) Gap(ParamsKey key)
    {
        int end = TextEdits.LineStart(Text, key.KeyStart);
        return (GapStarts.GetValueOrDefault(key.Path, end), end);
    }

    /// <summary>What follows a key on its last line (spaces and a comment), without the line break; empty in a {...} mapping.</summary>
    public (int Start, int End) Trailing(ParamsKey key)
    {
        int from = key.IsSection ? key.ColonEnd : key.ValueEnd;
        if (key.InFlow || (key.IsSection && Children[key.Path] is [var first, ..] && Find(first)!.InFlow))
        {
            return (from, from);
        }
        int end = TextEdits.LineEnd(Text, from);
        end = end > from && Text[end - 1] == '\n' ? end - 1 : end;
        end = end > from && Text[end - 1] == '\r' ? end - 1 : end;
        return (from, end);
    }

    /// <summary>Finds each block key's comment lines above it, and the file's tail, once every key is known.</summary>
    private void FindComments(int lastValueEnd)
    {
        int previousEnd = 0;
        foreach (var key in Values.Values.Concat(Sections.Values).Where(k => k.KeyStart >= 0).OrderBy(k => k.KeyStart))
        {
            int lineStart = TextEdits.LineStart(Text, key.KeyStart);
            if (!key.InFlow && previousEnd <= lineStart && OnlyCommentsAndBlanks(previousEnd, lineStart))
            {
                GapStarts[key.Path] = previousEnd;
            }
            previousEnd = TextEdits.LineEnd(Text, key.IsSection ? key.ColonEnd : key.ValueEnd);
        }
        int tailStart = Values.Count + Sections.Count > 1 ? TextEdits.LineEnd(Text, lastValueEnd) : 0;
        Tail = OnlyCommentsAndBlanks(tailStart, Text.Length) ? (tailStart, Text.Length) : (Text.Length, Text.Length);
    }

    private bool OnlyCommentsAndBlanks(int start, int end) =>
        Text[start..end].Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith('#'));

    /// <summary>The key as people write it: segments joined by dots.</summary>
    public static string Display(string path) => path.Replace(Separator, '.');

    /// <exception cref="ParamsMergeException">Not one YAML/JSON document whose top level is a mapping, or it uses aliases.</exception>
    public static ParamsOutline Parse(string text, string name)
    {
        var outline = new ParamsOutline(text);
        YamlNode? document;
        try
        {
            document = BoundedYaml.Load(text, name);
        }
        catch (Pipelines.PipelineFormatException e)
        {
            throw new ParamsMergeException(e.Message);
        }
        outline.Children[""] = [];
        if (document is null or YamlScalarNode { Value: null or "" })
        {
            outline.Sections[""] = new ParamsKey("", "", -1, 0, 0, 0, "{}", true, false);
            outline.FindComments(0);
            return outline;
        }
        if (document is not YamlMappingNode root)
        {
            throw new ParamsMergeException($"{name}'s top level is not a mapping of named values");
        }
        outline.Sections[""] = new ParamsKey("", "", -1, Offset(root.Start), Offset(root.Start), outline.End(root), "", true, root.Style == MappingStyle.Flow);
        outline.AddChildren("", root, name);
        outline.FindComments(outline.Sections[""].ValueEnd);
        return outline;
    }

    private void AddChildren(string parent, YamlMappingNode map, string name)
    {
        bool inFlow = map.Style == MappingStyle.Flow;
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || key == "<<" || HasAlias(keyNode) || HasAlias(value))
            {
                throw new ParamsMergeException($"{name} uses anchors, aliases or complex keys (line {keyNode.Start.Line})");
            }
            string path = parent.Length == 0 ? key : parent + Separator + key;
            Children[parent].Add(path);
            bool isSection = value is YamlMappingNode { Children.Count: > 0 };
            int colonEnd = AfterColon(keyNode);
            (int valueStart, int valueEnd) = IsEmpty(value) ? (colonEnd, colonEnd) : (Offset(value.Start), End(value));
            var entry = new ParamsKey(path, parent, Offset(keyNode.Start), colonEnd, valueStart, valueEnd,
                isSection ? "" : YamlScalars.Value(LockFileReader.ToJson(value)), isSection, inFlow);
            if (isSection)
            {
                Sections[path] = entry;
                Children[path] = [];
                AddChildren(path, (YamlMappingNode)value, name);
            }
            else
            {
                Values[path] = entry;
            }
        }
    }

    private static bool IsEmpty(YamlNode value) => value is YamlScalarNode { Value: "" or null, Style: ScalarStyle.Plain };

    /// <summary>Just after the key's colon (where an empty value is: YamlDotNet places empty scalars at the next token).</summary>
    private int AfterColon(YamlNode keyNode)
    {
        int colon = Text.IndexOf(':', Offset(keyNode.End));
        return colon < 0 ? Offset(keyNode.End) : colon + 1;
    }

    /// <summary>An anchored node (an alias resolves to the anchored node itself, so aliases are caught here too).</summary>
    private static bool HasAlias(YamlNode node) =>
        !node.Anchor.IsEmpty || (node is YamlSequenceNode list && list.Children.Any(HasAlias));

    /// <summary>Just after the node's last character: exact for scalars and flow collections; for a block collection, its last value's end.</summary>
    private int End(YamlNode node) => node switch
    {
        YamlMappingNode { Style: not MappingStyle.Flow, Children.Count: > 0 } map => End(map.Children[^1].Value),
        YamlSequenceNode { Style: not SequenceStyle.Flow, Children.Count: > 0 } list => End(list.Children[^1]),
        YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded } => BlockScalarEnd(node),
        YamlSequenceNode { Style: SequenceStyle.Flow } list => Closing(list.Children.Count > 0 ? End(list.Children[^1]) : Offset(list.Start), ']'),
        YamlMappingNode { Style: MappingStyle.Flow } map => Closing(map.Children.Count > 0 ? End(map.Children[^1].Value) : Offset(map.Start), '}'),
        _ => Offset(node.End),
    };

    /// <summary>Just after the bracket that closes a flow collection (YamlDotNet's end mark of a flow collection is not reliable).</summary>
    private int Closing(int from, char bracket)
    {
        int at = Text.IndexOf(bracket, Math.Min(from, Text.Length));
        return at < 0 ? from : at + 1;
    }

    /// <summary>A literal or folded scalar's text ends before the line breaks that follow it.</summary>
    private int BlockScalarEnd(YamlNode node)
    {
        int end = Math.Min(Offset(node.End), Text.Length);
        while (end > Offset(node.Start) && char.IsWhiteSpace(Text[end - 1]))
        {
            end--;
        }
        return end;
    }

    private static int Offset(Mark mark) => checked((int)mark.Index);
}
