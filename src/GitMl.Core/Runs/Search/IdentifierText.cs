namespace GitMl.Core.Runs.Search;

/// <summary>
/// The characters a key may have without quotes, shared by the parser (what it reads) and <see cref="RunField.ToString"/>
/// (when it must quote): letters, digits, '_', '.', '-', '/' and ':' ("val/loss", "train.learning_rate"). Anything
/// else (a space, a quote, an operator character) needs backticks or double quotes.
/// </summary>
internal static class IdentifierText
{
    public static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ':';

    public static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The key as a search writes it: bare when it can be, else in backticks (a backtick inside doubled).</summary>
    public static string Key(string key)
    {
        bool bare = key.Length > 0;
        foreach (char c in key)
        {
            bare &= IsKeyChar(c);
        }
        return bare ? key : "`" + key.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
