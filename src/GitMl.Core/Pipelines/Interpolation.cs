using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// ${...} substitution over a stage definition, with DVC's rules (dvc/parsing/interpolate.py, context.py):
/// <list type="bullet">
/// <item>a value that is exactly one ${x} becomes x's value with its type (a number stays a number, a boolean a boolean);</item>
/// <item>${x} inside longer text becomes text (see <see cref="TemplateText"/>);</item>
/// <item>only text, numbers, booleans and null can be substituted, except that a mapping inside <c>cmd</c> is unpacked
/// into arguments, and foreach and matrix take lists and mappings;</item>
/// <item>mapping keys are substituted too; <c>\${</c> is a literal "${".</item>
/// </list>
/// </summary>
internal static partial class Interpolation
{
    public static bool HasExpressions(string text) => Expression().IsMatch(text);

    /// <summary>True when some string (value or key) under <paramref name="node"/> holds a ${...}.</summary>
    public static bool HasExpressions(SourceNode node) => node switch
    {
        SourceScalar { Text: { } text } => HasExpressions(text),
        SourceList list => list.Items.Any(HasExpressions),
        SourceMap map => map.Entries.Any(e => HasExpressions(e.Key) || HasExpressions(e.Value)),
        _ => false,
    };

    /// <summary>Substitutes every ${...} under <paramref name="node"/>.</summary>
    /// <param name="field">The stage key the value belongs to ("cmd", "outs", ...), or null for foreach and matrix data, which may be lists and mappings.</param>
    /// <exception cref="TemplateException">An expression is not valid, names nothing, or names a list or mapping where text is needed, or the expansion is beyond its <see cref="TemplateBudget"/>; the line is set.</exception>
    public static SourceNode Resolve(SourceNode node, TemplateContext context, string? field)
    {
        // Each stage a foreach or matrix generates resolves its own copy of the template.
        try
        {
            context.Budget.AddNodes(1);
        }
        catch (TemplateException e)
        {
            throw new TemplateException(e.Message, node.Line);
        }
        return ResolveNode(node, context, field);
    }

    private static SourceNode ResolveNode(SourceNode node, TemplateContext context, string? field) => node switch
    {
        SourceScalar { Text: { } text } scalar => ResolveText(text, scalar.Line, context, field) is (true, var value)
            ? SourceNode.FromJson(value, scalar.Line)
            : scalar,
        SourceList list => list with { Items = list.Items.Select(i => Resolve(i, context, field)).ToList() },
        SourceMap map => map with
        {
            Entries = map.Entries.Select(e => new SourceEntry(ResolveKey(e, context, field), e.Line, Resolve(e.Value, context, field))).ToList(),
        },
        _ => node,
    };

    private static string ResolveKey(SourceEntry entry, TemplateContext context, string? field) =>
        ResolveText(entry.Key, entry.Line, context, field) is (true, var value) ? TemplateText.Scalar(value) : entry.Key;

    /// <returns>Whether the text held any ${...} (or \${), and the value it stands for.</returns>
    private static (bool Changed, JsonNode? Value) ResolveText(string text, int line, TemplateContext context, string? field)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return (false, null);
        }
        try
        {
            var matches = Expression().Matches(text);
            if (matches.Count == 1 && matches[0].Length == text.Length)
            {
                var value = context.Select(matches[0].Groups["inner"].Value);
                Check(value, matches[0].Value, field);
                // DVC hands a mapping in cmd over as is; a command must be text, so git-ml unpacks it as it would inside text.
                if (value is JsonObject mapping && field == "cmd")
                {
                    string unpacked = TemplateText.Unpack(mapping);
                    context.Budget.AddText(unpacked.Length);
                    return (true, JsonValue.Create(unpacked));
                }
                return (true, context.Budget.Copy(value));
            }
            var sb = new StringBuilder();
            int index = 0;
            foreach (Match match in matches)
            {
                var value = context.Select(match.Groups["inner"].Value);
                Check(value, match.Value, field);
                sb.Append(text, index, match.Index - index);
                string piece = value is JsonObject mapping ? TemplateText.Unpack(mapping) : TemplateText.Scalar(value);
                context.Budget.AddText(piece.Length);
                sb.Append(piece);
                index = match.Index + match.Length;
            }
            sb.Append(text, index, text.Length - index);
            return (true, JsonValue.Create(sb.Replace(@"\${", "${").ToString()));
        }
        catch (TemplateException e) when (e.Line is null)
        {
            throw new TemplateException(e.Message, line);
        }
    }

    private static void Check(JsonNode? value, string expression, string? field)
    {
        if (field is null || value is not (JsonObject or JsonArray))
        {
            return;
        }
        if (value is JsonObject && field == "cmd")
        {
            return;
        }
        throw new TemplateException(value is JsonObject
            ? $"`{expression}` is a mapping: only text, numbers and booleans can be substituted in `{field}` (a mapping can be unpacked into `cmd` as --key value arguments)"
            : $"`{expression}` is a list: only text, numbers and booleans can be substituted in `{field}`; name one element, e.g. ${{{expression[2..^1]}[0]}}, or loop over it with foreach");
    }

    /// <summary>DVC's KEYCRE: "${", the shortest run of characters, "}"; not after a backslash.</summary>
    [GeneratedRegex(@"(?<!\\)\$\{(?<inner>.*?)\}")]
    private static partial Regex Expression();
}
