namespace GitMl.Core.Runs.Search;

/// <summary>
/// What an identifier in a filter or an order names: <c>metrics.test_f1</c> is (Metric, "test_f1"),
/// <c>params.train.learning_rate</c> is (Param, "train.learning_rate"), <c>status</c> and
/// <c>attributes.status</c> are (Attribute, "status"). Attribute keys are always canonical (<see cref="RunAttributes.Names"/>).
/// </summary>
public sealed record RunField
{
    /// <exception cref="ArgumentException">An attribute key that is not one of <see cref="RunAttributes.Names"/> (aliases are resolved).</exception>
    public RunField(RunEntity entity, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (entity == RunEntity.Attribute)
        {
            key = RunAttributes.TryResolve(key, out string? canonical)
                ? canonical
                : throw new ArgumentException($"'{key}' is not a run attribute", nameof(key));
        }
        Entity = entity;
        Key = key;
        // Decided once: sorting asks for every run.
        IsNumeric = entity == RunEntity.Metric || (entity == RunEntity.Attribute && RunAttributes.KindOf(key) == SearchValueKind.Number);
        _systemTagAttribute = entity == RunEntity.Tag ? MlflowSystemTags.AttributeFor(key) : null;
    }

    // For the MLflow system tags git-ml keeps as run fields (tags.mlflow.runName is run_name): the attribute a run
    // without the tag answers with.
    private readonly string? _systemTagAttribute;

    public RunEntity Entity { get; }

    /// <summary>The metric, param or tag name; for an attribute its canonical name.</summary>
    public string Key { get; }

    /// <summary>True when the values are numbers: metrics, and the numeric attributes.</summary>
    public bool IsNumeric { get; }

    /// <summary>The field as a search names it: <c>metrics.acc</c>, <c>params.`batch size`</c>, <c>status</c>.</summary>
    public override string ToString() => Entity switch
    {
        RunEntity.Metric => "metrics." + IdentifierText.Key(Key),
        RunEntity.Param => "params." + IdentifierText.Key(Key),
        RunEntity.Tag => "tags." + IdentifierText.Key(Key),
        _ => Key,
    };

    /// <summary>True when the run has a value for this field (what IS NULL / IS NOT NULL test).</summary>
    internal bool IsPresent(ISearchableRun run) => Entity switch
    {
        RunEntity.Metric => run.Metric(Key) is not null,
        RunEntity.Param => run.Param(Key) is not null,
        RunEntity.Tag => run.Tag(Key) is not null || (_systemTagAttribute is { } attribute && run.Attribute(attribute) is not null),
        _ => Key == RunAttributes.RunId || run.Attribute(Key) is not null,
    };

    /// <summary>The value as text; a numeric attribute gives its invariant form. Null when missing.</summary>
    internal string? ReadText(ISearchableRun run) => Entity switch
    {
        RunEntity.Param => run.Param(Key),
        RunEntity.Tag => run.Tag(Key) ?? (_systemTagAttribute is { } attribute ? run.Attribute(attribute)?.Text : null),
        RunEntity.Attribute when Key == RunAttributes.RunId => run.RunId,
        RunEntity.Attribute => run.Attribute(Key)?.Text,
        _ => run.Metric(Key)?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The value as a number; null when missing or when text does not read as a number.</summary>
    internal double? ReadNumber(ISearchableRun run)
    {
        switch (Entity)
        {
            case RunEntity.Metric:
                return run.Metric(Key);
            case RunEntity.Attribute:
                return run.Attribute(Key) is { } value && value.TryGetNumber(out double number) ? number : null;
            default:
                return ReadText(run) is { } text && SearchNumbers.TryParse(text, out double parsed) ? parsed : null;
        }
    }

    /// <summary>
    /// The value to sort by: numbers for metrics and numeric attributes; for params and tags a number when the text
    /// reads as one (so "10" sorts after "9"), else the text. Null when missing.
    /// </summary>
    internal SearchValue? ReadSortValue(ISearchableRun run)
    {
        if (IsNumeric)
        {
            return ReadNumber(run) is { } number ? SearchValue.FromNumber(number) : null;
        }
        if (ReadText(run) is not { } text)
        {
            return null;
        }
        return Entity != RunEntity.Attribute && SearchNumbers.TryParse(text, out double parsed)
            ? SearchValue.FromNumber(parsed)
            : SearchValue.FromText(text);
    }
}
