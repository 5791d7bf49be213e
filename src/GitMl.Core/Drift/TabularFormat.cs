namespace GitMl.Core.Drift;

/// <summary>
/// Which files get per-column statistics, by the extension of their display name (case-insensitive): <c>.csv</c>
/// (comma-separated) and <c>.tsv</c> (tab-separated). Anything else (Parquet, images, compressed CSV, models) is
/// compared by hash only.
/// </summary>
public static class TabularFormat
{
    /// <summary>The field delimiter for <paramref name="name"/>, or null when the file is not a table git-ml reads.</summary>
    public static char? DelimiterOf(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".CSV" => ',',
        ".TSV" => '\t',
        _ => null,
    };
}
