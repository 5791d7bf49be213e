using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitMl.Core.Pipelines;
using GitMl.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitMl.Core.Params;

/// <summary>
/// Reads YAML into <see cref="SourceNode"/>s with YamlDotNet's representation model (AOT-safe; the reflection-based
/// serializer is never used). Plain scalars are typed by the YAML 1.2 core schema, as DVC's loader (ruamel.yaml) reads
/// dvc.yaml and params.yaml: null (~, null, empty), booleans (true/false in three spellings), integers (decimal, 0o, 0x),
/// floats (1.5, 1e-3, .inf, .nan); everything else, and every quoted scalar, is a string. Merge keys (&lt;&lt;: *anchor)
/// are applied, as ruamel.yaml does.
/// </summary>
internal static partial class YamlSource
{
    /// <summary>Parses one YAML document; null when the text holds no document (empty, or only comments).</summary>
    /// <exception cref="PipelineFormatException">The text is not valid YAML, holds several documents, or is beyond <see cref="InputLimits"/>.</exception>
    public static SourceNode? Load(string text, string file) =>
        BoundedYaml.Load(text, file) is { } root ? Convert(root, file) : null;

    /// <summary>Converts a node; <see cref="BoundedYaml"/> has bounded its size and depth, aliases expanded.</summary>
    private static SourceNode Convert(YamlNode node, string file)
    {
        int line = LineOf(node.Start);
        SourceNode converted = node switch
        {
            YamlScalarNode scalar => Scalar(scalar, file),
            YamlSequenceNode sequence => new SourceList(sequence.Children.Select(c => Convert(c, file)).ToList(), line),
            YamlMappingNode mapping => Mapping(mapping, file),
            _ => throw new PipelineFormatException(file, line, "unsupported YAML node"),
        };
        return converted with { Span = ((int)node.Start.Index, (int)node.End.Index) };
    }

    private static SourceMap Mapping(YamlMappingNode mapping, string file)
    {
        var entries = new List<SourceEntry>();
        var merged = new List<SourceEntry>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode keyScalar)
            {
                throw new PipelineFormatException(file, LineOf(keyNode.Start), "a mapping key must be a plain value (text or a number), not a list or a mapping");
            }
            if (IsMergeKey(keyScalar))
            {
                merged.AddRange(MergeSources(valueNode, file));
                continue;
            }
            string key = PythonText.Str(Scalar(keyScalar, file).Value);
            entries.Add(new SourceEntry(key, LineOf(keyNode.Start), Convert(valueNode, file)));
        }
        // Keys written in the mapping win over merged ones; among merged mappings, the first one listed wins.
        var seen = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in merged)
        {
            if (seen.Add(entry.Key))
            {
                entries.Add(entry);
            }
        }
        return new SourceMap(entries, LineOf(mapping.Start));
    }

    private static bool IsMergeKey(YamlScalarNode key) =>
        key.Value == "<<" && (key.Style is ScalarStyle.Plain or ScalarStyle.Any || key.Tag.Value == "tag:yaml.org,2002:merge");

    private static IEnumerable<SourceEntry> MergeSources(YamlNode value, string file) => value switch
    {
        YamlMappingNode m => Mapping(m, file).Entries,
        YamlSequenceNode s when s.Children.All(c => c is YamlMappingNode) =>
            s.Children.SelectMany(c => Mapping((YamlMappingNode)c, file).Entries),
        _ => throw new PipelineFormatException(file, LineOf(value.Start), "a merge key (<<) takes a mapping or a list of mappings, e.g. <<: *defaults"),
    };

    private static SourceScalar Scalar(YamlScalarNode scalar, string file)
    {
        string text = scalar.Value ?? "";
        int line = LineOf(scalar.Start);
        string tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        if (tag is "" or "?")
        {
            if (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
            {
                return new SourceScalar(Resolve(text, file, line), text, line);
            }
            return new SourceScalar(JsonValue.Create(text), null, line);
        }
        JsonNode? typed = tag switch
        {
            "!" or "tag:yaml.org,2002:str" => JsonValue.Create(text),
            "tag:yaml.org,2002:null" => null,
            "tag:yaml.org,2002:bool" => Bool(text) is { } b ? JsonValue.Create(b) : throw BadTagged(file, line, text, "boolean"),
            "tag:yaml.org,2002:int" => Int(text, file, line) ?? throw BadTagged(file, line, text, "integer"),
            "tag:yaml.org,2002:float" => Float(text) ?? (DecimalInt().IsMatch(text) ? ParamValues.Float(double.Parse(text, CultureInfo.InvariantCulture)) : null) ?? throw BadTagged(file, line, text, "float"),
            _ => throw new PipelineFormatException(file, line, $"unsupported YAML tag `{tag}`; remove it (values are typed by how they are written)"),
        };
        return new SourceScalar(typed, null, line);
    }

    private static PipelineFormatException BadTagged(string file, int line, string text, string type) =>
        new(file, line, $"`{text}` is tagged as {type} but is not one");

    /// <summary>The YAML 1.2 core schema for a plain scalar.</summary>
    private static JsonValue? Resolve(string text, string file, int line)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (Bool(text) is { } b)
        {
            return JsonValue.Create(b);
        }
        return Int(text, file, line) ?? Float(text) ?? JsonValue.Create(text);
    }

    private static bool? Bool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <exception cref="PipelineFormatException">An integer longer than <see cref="InputLimits.MaxIntegerDigits"/> (converting it would take quadratic time).</exception>
    private static JsonValue? Int(string text, string file, int line)
    {
        if (DecimalInt().IsMatch(text))
        {
            InputLimits.CheckIntegerDigits(text.TrimStart('+', '-').Length, file, line);
            return ParamValues.Integer(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
        {
            InputLimits.CheckIntegerDigits(text.Length - 2, file, line);
            return ParamValues.Integer(text[2..].Aggregate(BigInteger.Zero, (acc, c) => acc * 8 + (c - '0')));
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(char.IsAsciiHexDigit))
        {
            InputLimits.CheckIntegerDigits(text.Length - 2, file, line);
            return ParamValues.Integer(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }
        return null;
    }

    private static JsonValue? Float(string text)
    {
        if (DecimalFloat().IsMatch(text))
        {
            return ParamValues.Float(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => ParamValues.Float(double.PositiveInfinity),
            "-.inf" or "-.Inf" or "-.INF" => ParamValues.Float(double.NegativeInfinity),
            ".nan" or ".NaN" or ".NAN" => ParamValues.Float(double.NaN),
            _ => null,
        };
    }

    internal static int LineOf(Mark mark) => (int)mark.Line;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex DecimalFloat();
}
