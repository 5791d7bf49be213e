using System.Text.Json.Serialization;

namespace GitMl.Core.Drift;

/// <summary>
/// What a column holds, decided from the whole column: numeric when every non-null cell is a finite number in the
/// invariant culture, categorical otherwise; empty when every cell is null (or there are no rows). Serialized as
/// "numeric", "categorical", "empty".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))]
public enum ColumnKind
{
    /// <summary>No non-null value.</summary>
    [JsonStringEnumMemberName("empty")]
    Empty,

    /// <summary>Every non-null value is a number: mean, standard deviation and quantile-bin PSI apply.</summary>
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    /// <summary>At least one non-null value is not a number: PSI over the most frequent categories applies.</summary>
    [JsonStringEnumMemberName("categorical")]
    Categorical,
}
