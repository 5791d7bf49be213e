using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;
using Tomlyn.Syntax;

namespace GitMl.Core.Params;

/// <summary>
/// Turns a TOML syntax tree that Tomlyn has checked (no errors left) into a JSON tree, in file order: [table] and
/// [[array of tables]] headers, dotted keys and inline tables become nested objects, arrays become arrays, scalars
/// typed values (see <see cref="ParamValues"/>). Counts values and nesting against <see cref="InputLimits"/>.
/// </summary>
/// <remarks>
/// Depth counts tables and arrays from the top, which is at depth 1 (as for YAML and JSON): a [a.b] table is at
/// depth 3, an inline table or array value of its key `c` at 4, the tables of [[a]] at 3 (the array is at 2).
/// </remarks>
internal sealed class TomlTreeBuilder(string file)
{
    private readonly InputBudget _budget = new(file);

    public JsonObject Build(DocumentSyntax document)
    {
        var root = new JsonObject();
        AddAll(root, document.KeyValues, 1);
        foreach (var header in document.Tables)
        {
            var key = KeyParts(header.Name!);
            int line = Line(header);
            JsonObject table;
            int depth;
            if (header is TableArraySyntax)
            {
                depth = 2 + key.Count;
                _budget.CheckDepth(depth, line);
                var parent = Walk(root, key.SkipLast(1), line);
                if (parent[key[^1]] is not JsonArray tables)
                {
                    tables = [];
                    parent[key[^1]] = tables;
                }
                table = [];
                _budget.Add(1, line);
                tables.Add((JsonNode)table);
            }
            else
            {
                depth = 1 + key.Count;
                _budget.CheckDepth(depth, line);
                table = Walk(root, key, line);
            }
            AddAll(table, header.Items, depth);
        }
        return root;
    }

    private void AddAll(JsonObject table, IEnumerable<KeyValueSyntax> entries, int depth)
    {
        foreach (var entry in entries)
        {
            Add(table, entry, depth);
        }
    }

    /// <param name="depth">The depth of <paramref name="table"/>.</param>
    private void Add(JsonObject table, KeyValueSyntax entry, int depth)
    {
        var key = KeyParts(entry.Key!);
        int line = Line(entry);
        // A dotted key a.b.c = ... creates tables a and a.b below this one; its value is at depth + key.Count.
        _budget.CheckDepth(depth + key.Count - 1, line);
        var target = Walk(table, key.SkipLast(1), line);
        target[key[^1]] = Value(entry.Value!, depth + key.Count);
    }

    /// <summary>Follows (creating as needed) the tables named by <paramref name="path"/>; an array of tables means its last table.</summary>
    private JsonObject Walk(JsonObject from, IEnumerable<string> path, int line)
    {
        var table = from;
        foreach (string part in path)
        {
            switch (table[part])
            {
                case JsonObject next:
                    table = next;
                    break;
                case JsonArray { Count: > 0 } array when array[^1] is JsonObject last:
                    table = last;
                    break;
                case null when !table.ContainsKey(part):
                    _budget.Add(1, line);
                    var created = new JsonObject();
                    table[part] = created;
                    table = created;
                    break;
                default:
                    // Tomlyn's validation refuses this first; kept so that a gap there cannot corrupt the tree.
                    throw new PipelineFormatException(file, line, $"not valid TOML: `{part}` already holds a value and cannot also be a table");
            }
        }
        return table;
    }

    /// <param name="depth">The depth the value has if it is an array or inline table.</param>
    private JsonNode? Value(ValueSyntax value, int depth)
    {
        int line = Line(value);
        _budget.Add(1, line);
        switch (value)
        {
            case StringValueSyntax s:
                return JsonValue.Create(s.Value);
            case BooleanValueSyntax b:
                return JsonValue.Create(b.Value);
            case IntegerValueSyntax i:
                return ParamValues.Integer(TomlInteger.Parse(i.Token!.Text!, file, line));
            case FloatValueSyntax f:
                return ParamValues.Float(double.IsNaN(f.Value) ? double.NaN : f.Value);
            case ArraySyntax a:
                _budget.CheckDepth(depth, line);
                CheckSeparated(a.Items.Select(i => (i.Comma, (SyntaxNode)i)).ToList(), "`,` is missing between two values of an array");
                return new JsonArray(a.Items.Select(item => Value(item.Value!, depth + 1)).ToArray());
            case InlineTableSyntax t:
                _budget.CheckDepth(depth, line);
                CheckSeparated(t.Items.Select(i => (i.Comma, (SyntaxNode)i)).ToList(), "`,` is missing between two entries of an inline table");
                var table = new JsonObject();
                foreach (var item in t.Items)
                {
                    Add(table, item.KeyValue!, depth);
                }
                return table;
            case DateTimeValueSyntax d:
                throw new PipelineFormatException(file, line,
                    $"not valid TOML: `{d.Token?.Text}` is a TOML date or time, which params files do not support; quote it to keep it as text");
            default:
                throw new PipelineFormatException(file, line, "not valid TOML: a value of a kind git-ml does not read");
        }
    }

    /// <summary>Every item but the last is followed by a comma (Tomlyn 2.11 reads `[1 2]` as `[1, 2]`).</summary>
    private void CheckSeparated(List<(SyntaxToken? Comma, SyntaxNode Item)> items, string problem)
    {
        for (int i = 0; i < items.Count - 1; i++)
        {
            if (items[i].Comma is null)
            {
                throw new PipelineFormatException(file, Line(items[i].Item), "not valid TOML: " + problem);
            }
        }
    }

    private static List<string> KeyParts(KeySyntax key)
    {
        var parts = new List<string> { KeyPart(key.Key!) };
        parts.AddRange(key.DotKeys.Select(d => KeyPart(d.Key!)));
        return parts;
    }

    private static string KeyPart(BareKeyOrStringValueSyntax part) => part switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => part.ToString()!,
    };

    private static int Line(SyntaxNode node) => node.Span.Start.Line + 1;
}
