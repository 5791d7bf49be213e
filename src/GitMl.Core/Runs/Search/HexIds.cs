namespace GitMl.Core.Runs.Search;

/// <summary>
/// Run ids and commits are hex; a search may give a prefix of one, as `git` does for short hashes. Fewer than four
/// characters would match too much by accident, so shorter values are refused rather than silently matching many runs.
/// </summary>
internal static class HexIds
{
    public const int MinimumPrefixLength = 4;

    public static bool IsPrefix(string value)
    {
        if (value.Length < MinimumPrefixLength)
        {
            return false;
        }
        foreach (char c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
