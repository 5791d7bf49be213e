using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Params;

/// <summary>
/// Reads a JSON params file into the value tree of <see cref="ParamValues"/>: numbers written with a fraction or an
/// exponent are floats, others integers (as Python's json module reads them); a key given twice keeps its last value,
/// as in Python.
/// </summary>
internal static class JsonSource
{
    /// <exception cref="PipelineFormatException">Not valid JSON, or beyond <see cref="InputLimits"/>; names the file (and the line when known).</exception>
    public static JsonNode? Load(string text, string file)
    {
        InputLimits.CheckSize(text, file);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = InputLimits.MaxDepth });
            return new Converter(new InputBudget(file)).Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            if (TooDeep(text) is { } deep)
            {
                throw new PipelineFormatException(file, deep, $"values are nested more than {InputLimits.MaxDepth} levels deep here, the most git-ml reads");
            }
            // System.Text.Json's own message is a runtime resource key in the published binary: say it in our words.
            int? line = e.LineNumber is { } l ? (int)l + 1 : null;
            string column = e.BytePositionInLine is { } c ? $" (column {c + 1})" : "";
            throw new PipelineFormatException(file, line, $"not valid JSON here{column}: check the brackets, commas and quotes");
        }
    }

    /// <summary>The line where brackets outside strings first nest deeper than <see cref="InputLimits.MaxDepth"/>; null when they never do.</summary>
    private static int? TooDeep(string text)
    {
        int depth = 0, line = 1;
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (inString)
            {
                i += c == '\\' ? 1 : 0;
                inString = c != '"';
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{' && ++depth > InputLimits.MaxDepth)
            {
                return line;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }
        return null;
    }

    /// <summary>Builds the value tree, counting values against the file's budget (a JSON element knows no line).</summary>
    private sealed class Converter(InputBudget budget)
    {
        public JsonNode? Convert(JsonElement element)
        {
            budget.Add(1, line: null);
            return element.ValueKind switch
            {
                JsonValueKind.Object => Object(element),
                JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(Convert).ToArray()),
                JsonValueKind.String => JsonValue.Create(element.GetString()!),
                JsonValueKind.True => JsonValue.Create(true),
                JsonValueKind.False => JsonValue.Create(false),
                JsonValueKind.Number => Number(element.GetRawText()),
                _ => null,
            };
        }

        private JsonObject Object(JsonElement element)
        {
            var result = new JsonObject();
            foreach (var property in element.EnumerateObject())
            {
                result[property.Name] = Convert(property.Value);
            }
            return result;
        }

        private JsonValue Number(string raw)
        {
            if (!ParamValues.IsIntegerText(raw))
            {
                return ParamValues.Float(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            InputLimits.CheckIntegerDigits(raw.TrimStart('-').Length, budget.File, line: null);
            return ParamValues.Integer(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
    }
}
