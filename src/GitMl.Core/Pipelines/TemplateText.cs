using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// Values turned into text inside a ${...} the way DVC does it (dvc/parsing/interpolate.py), so a command expands to
/// exactly the text DVC would run and record: booleans are "true"/"false", numbers and None as Python writes them, and
/// a mapping substituted into <c>cmd</c> is unpacked into arguments.
/// </summary>
internal static partial class TemplateText
{
    /// <summary>DVC's to_str for a scalar: Python's str(), except booleans, which are "true" and "false".</summary>
    public static string Scalar(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => PythonText.Str(value),
    };

    /// <summary>
    /// A mapping unpacked into command-line arguments (DVC's "dictionary unpacking", with its default parsing config):
    /// nested keys are dotted; true gives "--key", false nothing; a string "--key 'quoted'" (shell-quoted only when
    /// needed, as Python's shlex.quote); a list "--key a b c"; anything else "--key value".
    /// </summary>
    /// <exception cref="TemplateException">A list holds a list or a mapping.</exception>
    public static string Unpack(JsonObject mapping)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in ParamTree.Flatten(mapping))
        {
            switch (value)
            {
                case JsonValue v when v.GetValueKind() == JsonValueKind.True:
                    sb.Append("--").Append(key).Append(' ');
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.False:
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    sb.Append("--").Append(key).Append(' ').Append(ShellQuote(v.GetValue<string>())).Append(' ');
                    break;
                case JsonArray list:
                    for (int i = 0; i < list.Count; i++)
                    {
                        var item = list[i];
                        if (item is JsonArray or JsonObject)
                        {
                            throw new TemplateException($"cannot unpack `{key}` into the command: it is a list holding lists or mappings");
                        }
                        string text = item is JsonValue s && s.GetValueKind() == JsonValueKind.String ? ShellQuote(s.GetValue<string>()) : PythonText.Str(item);
                        sb.Append(i == 0 ? $"--{key} " : "").Append(text).Append(' ');
                    }
                    break;
                default:
                    sb.Append("--").Append(key).Append(' ').Append(PythonText.Str(value)).Append(' ');
                    break;
            }
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Python's shlex.quote: unchanged when made only of safe characters, else in single quotes.</summary>
    public static string ShellQuote(string text)
    {
        if (text.Length == 0)
        {
            return "''";
        }
        return Unsafe().IsMatch(text) ? "'" + text.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'" : text;
    }

    [GeneratedRegex(@"[^A-Za-z0-9_@%+=:,./-]")]
    private static partial Regex Unsafe();
}
