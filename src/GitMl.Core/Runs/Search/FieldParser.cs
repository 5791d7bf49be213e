namespace GitMl.Core.Runs.Search;

/// <summary>
/// Reads an identifier, the same way for filters and orders: <c>metrics.X</c> / <c>metric.X</c>, <c>params.X</c> /
/// <c>param.X</c>, <c>tags.X</c> / <c>tag.X</c>, <c>attributes.X</c> / <c>attribute.X</c> / <c>attr.X</c> /
/// <c>run.X</c>, or a bare attribute name. Everything after the first dot is the key, so
/// <c>params.train.learning_rate</c> has the key "train.learning_rate"; a key with other characters is quoted
/// with backticks or double (or single) quotes: <c>metrics.`f1 score`</c>.
/// </summary>
internal static class FieldParser
{
    public const string Expected = "expected an identifier (metrics.NAME, params.NAME, tags.NAME or an attribute such as status)";

    public const string PrefixList = "the prefixes are metrics. (or metric.), params. (param.), tags. (tag.) and attributes. (attribute., attr., run.)";

    public static string AttributeList =>
        "the attributes are " + string.Join(", ", RunAttributes.Names.Select(n => n == RunAttributes.RunName ? $"{n} (or {RunAttributes.NameAlias})" : n));

    /// <summary>Reads one identifier; <paramref name="context"/> ends the "expected" message (" after AND").</summary>
    public static RunField Parse(SearchScanner scanner, string context)
    {
        scanner.SkipWhitespace();
        int start = scanner.Position;
        if (!scanner.TryReadWord(out string word))
        {
            string? hint = scanner.Current is '"' or '`' or '\''
                ? "a quoted name needs its prefix: metrics.\"error rate\", params.`model-type`"
                : null;
            throw scanner.Error(Expected + context, start, hint);
        }
        RunEntity? entity = EntityOf(word);
        if (scanner.Current != '.')
        {
            if (entity is not null)
            {
                throw scanner.Error($"expected '.' and a name after '{word}'", scanner.Position, $"for example {word}.accuracy");
            }
            return RunAttributes.TryResolve(word, out string? attribute)
                ? new RunField(RunEntity.Attribute, attribute)
                : throw scanner.Error($"unknown attribute '{word}'", start,
                    $"{AttributeList}; metrics, params and tags need their prefix: metrics.{word}, params.{word}, tags.{word}");
        }
        if (entity is null)
        {
            throw scanner.Error($"unknown entity '{word}'", start, PrefixList);
        }
        scanner.Position++; // the dot
        int keyStart = scanner.Position;
        string key = scanner.Current is '"' or '`' or '\'' ? scanner.ReadQuoted() : scanner.ReadBareKey();
        if (key.Length == 0)
        {
            throw scanner.Error($"expected a name after '{word}.'", keyStart,
                "quote a name with other characters: metrics.`f1 score`, params.\"model-type\"");
        }
        if (entity != RunEntity.Attribute)
        {
            return new RunField(entity.Value, key);
        }
        return RunAttributes.TryResolve(key, out string? canonical)
            ? new RunField(RunEntity.Attribute, canonical)
            : throw scanner.Error($"unknown attribute '{key}'", keyStart, AttributeList);
    }

    private static RunEntity? EntityOf(string prefix) => prefix.ToLowerInvariant() switch
    {
        "metrics" or "metric" => RunEntity.Metric,
        "params" or "param" => RunEntity.Param,
        "tags" or "tag" => RunEntity.Tag,
        "attributes" or "attribute" or "attr" or "run" => RunEntity.Attribute,
        _ => null,
    };
}
