namespace GitMl.Core.Runs.Search;

/// <summary>
/// Reads an identifier, the same way for filters and orders: <c>metrics.X</c> / <c>metric.X</c>, <c>params.X</c> /
/// <c>param.X</c> / <c>parameter.X</c>, <c>tags.X</c> / <c>tag.X</c>, <c>attributes.X</c> / <c>attribute.X</c> /
/// <c>attr.X</c> / <c>run.X</c>, or a bare attribute name. Everything after the first dot is the key, so
/// <c>params.train.learning_rate</c> has the key "train.learning_rate"; a key with other characters is quoted
/// with backticks or double (or single) quotes: <c>metrics.`f1 score`</c>. As in MLflow, the prefix may be in
/// backticks (<c>`metrics`.acc</c>) and a bare attribute name in backticks or double quotes (<c>`Run name`</c>).
/// </summary>
internal static class FieldParser
{
    public const string Expected = "expected an identifier (metrics.NAME, params.NAME, tags.NAME or an attribute such as status)";

    public const string PrefixList = "the prefixes are metrics. (or metric.), params. (param.), tags. (tag.) and attributes. (attribute., attr., run.)";

    public static string AttributeList =>
        "the attributes are " + string.Join(", ", RunAttributes.Names.Select(n => Aliases(n) is { Length: > 0 } aliases ? $"{n} (or {aliases})" : n));

    /// <summary>Reads one identifier; <paramref name="context"/> ends the "expected" message (" after AND").</summary>
    public static RunField Parse(SearchScanner scanner, string context)
    {
        scanner.SkipWhitespace();
        int start = scanner.Position;
        string word;
        bool quoted = scanner.Current is '`' or '"';
        if (quoted)
        {
            char quote = scanner.Current;
            word = scanner.ReadQuoted();
            if (quote == '"' || scanner.Current != '.')
            {
                return QuotedAttribute(scanner, word, start);
            }
        }
        else if (!scanner.TryReadWord(out word))
        {
            string? hint = scanner.Current == '\''
                ? "a quoted name needs its prefix: metrics.\"error rate\", params.`model-type`"
                : null;
            throw scanner.Error(Expected + context, start, hint);
        }
        if (IsDataset(word))
        {
            throw scanner.Error($"'{word}' (MLflow's logged datasets) is not searchable in git-ml", start,
                "git-ml records a run's data by content (the sha256 of each input, see git ml lineage); search runs by params.NAME or tags.NAME instead");
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

    /// <summary>A bare name in backticks or double quotes: an attribute, such as MLflow's <c>`Run name`</c>.</summary>
    private static RunField QuotedAttribute(SearchScanner scanner, string name, int start) =>
        RunAttributes.TryResolve(name, out string? attribute)
            ? new RunField(RunEntity.Attribute, attribute)
            : throw scanner.Error($"unknown attribute '{name}'", start,
                $"{AttributeList}; quote only the name after its prefix: metrics.`{name}`, params.`{name}`, tags.`{name}`");

    private static RunEntity? EntityOf(string prefix) => prefix.ToLowerInvariant() switch
    {
        "metrics" or "metric" => RunEntity.Metric,
        "params" or "param" or "parameters" or "parameter" => RunEntity.Param,
        "tags" or "tag" => RunEntity.Tag,
        "attributes" or "attribute" or "attr" or "run" => RunEntity.Attribute,
        _ => null,
    };

    private static bool IsDataset(string prefix) =>
        prefix.Equals("dataset", StringComparison.OrdinalIgnoreCase) || prefix.Equals("datasets", StringComparison.OrdinalIgnoreCase);

    private static string Aliases(string attribute) =>
        string.Join(", ", RunAttributes.Aliases.Where(a => a.Value == attribute).Select(a => a.Key).Order(StringComparer.Ordinal));
}
