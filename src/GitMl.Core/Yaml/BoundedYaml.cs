using System.Text.RegularExpressions;
using GitMl.Core.Pipelines;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace GitMl.Core.Yaml;

/// <summary>
/// The one way git-ml reads YAML that someone else may have written (ml.yaml, dvc.yaml, params and metrics files,
/// lock files, .dvc files): YamlDotNet's representation model (AOT-safe), fed by a parser that counts what it
/// builds. An alias (*name) shares its anchor's node in the model, but every reader walks it as a copy, so it counts
/// as all the values it repeats: a 700-byte "billion laughs" file is refused at its first alias past
/// <see cref="InputLimits.MaxNodes"/> instead of growing to gigabytes, and 100,000 nested brackets are refused at
/// <see cref="InputLimits.MaxDepth"/> before YamlDotNet's recursive loader can overflow the stack.
/// </summary>
internal static partial class BoundedYaml
{
    /// <returns>The root node of the file's one document; null when it holds none (empty, or only comments).</returns>
    /// <exception cref="PipelineFormatException">Not valid YAML, several documents, or beyond <see cref="InputLimits"/>; names the file and line.</exception>
    public static YamlNode? Load(string text, string file)
    {
        InputLimits.CheckSize(text, file);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new CountingParser(new Parser(scanner), new InputBudget(file)));
        }
        catch (YamlException e)
        {
            throw new PipelineFormatException(file, (int)e.Start.Line, "not valid YAML: " + Reason(e));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way on some malformed input (an unclosed [ or {); its scanner knows where it stopped.
            throw new PipelineFormatException(file, (int)scanner.CurrentPosition.Line, "not valid YAML here (an unclosed [ or {, or a misplaced character?)");
        }
        if (stream.Documents.Count > 1)
        {
            throw new PipelineFormatException(file, (int)stream.Documents[1].RootNode.Start.Line, "several YAML documents (---) in one file; keep one");
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>YamlDotNet's message without its "(Line: .., Col: ..) - (..): " prefix: the caller names the line.</summary>
    private static string Reason(YamlException e)
    {
        string message = LocationPrefix().Replace(e.Message, "");
        if (message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            return $"`{message["Duplicate key ".Length..]}` appears twice in the same mapping; keep one";
        }
        return e.InnerException is { } inner && message.Length == 0 ? inner.Message : message;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LocationPrefix();

    /// <summary>
    /// Passes a parser's events through, counting values and nesting as the representation model will see them:
    /// each anchor remembers the size and height of its subtree, and an alias adds them again where it stands.
    /// </summary>
    private sealed class CountingParser(IParser inner, InputBudget budget) : IParser
    {
        private readonly Stack<Collection> _open = new();
        private readonly Dictionary<AnchorName, Subtree> _anchors = [];

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }
            var current = inner.Current!;
            int line = (int)current.Start.Line;
            switch (current)
            {
                case DocumentStart:
                    _anchors.Clear(); // anchors belong to their document
                    break;
                case Scalar scalar:
                    Close(new Subtree(1, 1), scalar.Anchor, line, throughAlias: false);
                    break;
                case SequenceStart or MappingStart:
                    budget.CheckDepth(_open.Count + 1, line);
                    _open.Push(new Collection(((NodeEvent)current).Anchor));
                    break;
                case SequenceEnd or MappingEnd:
                    var done = _open.Pop();
                    // The collection itself was not counted yet: its children were, as they came.
                    budget.Add(1, line);
                    Add(new Subtree(done.Nodes + 1, done.Height + 1), done.Anchor);
                    break;
                case AnchorAlias alias:
                    Alias(alias, line);
                    break;
            }
            return true;
        }

        private void Alias(AnchorAlias alias, int line)
        {
            if (_anchors.TryGetValue(alias.Value, out var subtree))
            {
                budget.CheckDepth(_open.Count + subtree.Height, line, throughAlias: true);
                Close(subtree, AnchorName.Empty, line, throughAlias: true);
            }
            else if (_open.Any(c => c.Anchor == alias.Value))
            {
                throw new PipelineFormatException(budget.File, line, $"the alias *{alias.Value} is inside the value it names (&{alias.Value}): a value cannot contain itself");
            }
            // Otherwise the anchor is not defined (yet): YamlDotNet reports that.
        }

        /// <summary>A whole subtree arrived at once (a scalar, or an alias repeating one).</summary>
        private void Close(Subtree subtree, AnchorName anchor, int line, bool throughAlias)
        {
            budget.Add(subtree.Nodes, line, throughAlias);
            Add(subtree, anchor);
        }

        private void Add(Subtree subtree, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor] = subtree;
            }
            if (_open.TryPeek(out var parent))
            {
                parent.Nodes += subtree.Nodes;
                parent.Height = Math.Max(parent.Height, subtree.Height);
            }
        }

        private sealed class Collection(AnchorName anchor)
        {
            public AnchorName Anchor { get; } = anchor;

            /// <summary>Values under it so far (aliases as what they repeat).</summary>
            public long Nodes { get; set; }

            /// <summary>Its deepest child's height so far.</summary>
            public int Height { get; set; }
        }

        private readonly record struct Subtree(long Nodes, int Height);
    }
}
