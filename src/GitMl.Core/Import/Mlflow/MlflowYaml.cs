using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitMl.Core.Import.Mlflow;

/// <summary>
/// Reads an MLflow meta.yaml: a mapping of keys to plain values, as MLflow writes them with PyYAML. Read with
/// YamlDotNet's event parser, never its reflection deserializer (which NativeAOT does not have): the top-level
/// scalars are kept, nested values (the empty "tags: []" of old run files) are skipped event by event, and an alias
/// is not expanded, so the work is linear in the size of the file, which the caller has bounded.
/// </summary>
internal static class MlflowYaml
{
    /// <summary>The top-level scalars; a YAML null is a null value.</summary>
    /// <exception cref="FormatException">Not YAML, or not a mapping; the message says where.</exception>
    public static Dictionary<string, string?> ReadMapping(string text)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return values;
            }
            parser.Consume<DocumentStart>();
            if (parser.TryConsume<Scalar>(out var only) && IsNull(only))
            {
                return values;
            }
            if (!parser.TryConsume<MappingStart>(out _))
            {
                throw new FormatException("it is not a mapping of keys to values");
            }
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw new FormatException("a key is not a plain value");
                }
                if (parser.TryConsume<Scalar>(out var value))
                {
                    values[key.Value] = IsNull(value) ? null : value.Value;
                }
                else
                {
                    parser.SkipThisAndNestedEvents(); // a list, a mapping or an alias: nothing the import reads
                }
            }
            return values;
        }
        catch (YamlException e)
        {
            throw new FormatException($"it is not valid YAML (line {e.Start.Line})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("it is not a YAML mapping of keys to values", e);
        }
    }

    /// <summary>A whole number (MLflow's times in Unix milliseconds, statuses, version numbers); null when absent or not one.</summary>
    public static long? Integer(IReadOnlyDictionary<string, string?> values, string key) =>
        values.TryGetValue(key, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)
            ? number
            : null;

    public static string? Text(IReadOnlyDictionary<string, string?> values, string key) =>
        values.TryGetValue(key, out string? text) ? text : null;

    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
}
