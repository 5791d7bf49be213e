namespace GitMl.Core.Runs.Search;

/// <summary>
/// A cursor over a filter or order text that reads its tokens (words, keys, quoted strings, numbers, symbols) and
/// knows their positions, so that every error can point at the character it is about. Each Try* method consumes
/// nothing when it returns false.
/// </summary>
internal sealed class SearchScanner(string input)
{
    public string Input { get; } = input;

    public int Position { get; set; }

    /// <summary>True when only whitespace is left (the whitespace is skipped).</summary>
    public bool AtEnd
    {
        get
        {
            SkipWhitespace();
            return Position >= Input.Length;
        }
    }

    public char Current => Position < Input.Length ? Input[Position] : '\0';

    public void SkipWhitespace()
    {
        while (Position < Input.Length && char.IsWhiteSpace(Input[Position]))
        {
            Position++;
        }
    }

    /// <summary>A word of letters, digits and '_' that starts with a letter or '_' (keywords, prefixes, attribute names).</summary>
    public bool TryReadWord(out string word)
    {
        SkipWhitespace();
        int start = Position;
        if (!IdentifierText.IsWordStart(Current))
        {
            word = "";
            return false;
        }
        int end = start + 1;
        while (end < Input.Length && IdentifierText.IsWordChar(Input[end]))
        {
            end++;
        }
        word = Input[start..end];
        Position = end;
        return true;
    }

    /// <summary>Reads <paramref name="keyword"/> (case-insensitive, a whole word) when it comes next.</summary>
    public bool TryReadKeyword(string keyword)
    {
        int start = Position;
        if (TryReadWord(out string word) && word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        Position = start;
        return false;
    }

    /// <summary>Reads <paramref name="symbol"/> when it comes next.</summary>
    public bool TryReadSymbol(string symbol)
    {
        SkipWhitespace();
        if (string.CompareOrdinal(Input, Position, symbol, 0, symbol.Length) == 0)
        {
            Position += symbol.Length;
            return true;
        }
        return false;
    }

    /// <summary>An unquoted key: the characters of <see cref="IdentifierText.IsKeyChar"/>; may be empty.</summary>
    public string ReadBareKey()
    {
        int start = Position;
        while (Position < Input.Length && IdentifierText.IsKeyChar(Input[Position]))
        {
            Position++;
        }
        return Input[start..Position];
    }

    /// <summary>
    /// The text between the quote character at the cursor and its closing twin; a doubled quote inside stands for
    /// one (SQL's escape). Throws when the closing quote is missing.
    /// </summary>
    public string ReadQuoted()
    {
        char quote = Current;
        int start = Position;
        var text = new System.Text.StringBuilder();
        int i = start + 1;
        while (i < Input.Length)
        {
            if (Input[i] == quote)
            {
                if (i + 1 < Input.Length && Input[i + 1] == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }
                Position = i + 1;
                return text.ToString();
            }
            text.Append(Input[i]);
            i++;
        }
        throw Error($"unterminated {quote}...{quote}: expected a closing {quote}", start,
            $"to put a {quote} inside, double it: {quote}it{quote}{quote}s{quote}");
    }

    /// <summary>A number: optional sign, digits with an optional fraction, optional exponent (<c>-1</c>, <c>0.5</c>, <c>.5</c>, <c>1e-3</c>).</summary>
    public bool TryReadNumber(out double number)
    {
        SkipWhitespace();
        int i = Position;
        if (i < Input.Length && Input[i] is '-' or '+')
        {
            i++;
        }
        int digits = CountDigits(ref i);
        if (i < Input.Length && Input[i] == '.')
        {
            i++;
            digits += CountDigits(ref i);
        }
        if (digits == 0)
        {
            number = 0;
            return false;
        }
        if (i < Input.Length && Input[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < Input.Length && Input[exponent] is '-' or '+')
            {
                exponent++;
            }
            if (CountDigits(ref exponent) > 0)
            {
                i = exponent;
            }
        }
        if (!SearchNumbers.TryParse(Input[Position..i], out number))
        {
            return false;
        }
        Position = i;
        return true;
    }

    public RunSearchSyntaxException Error(string problem, int position, string? hint = null) =>
        new(problem, Input, position, hint);

    private int CountDigits(ref int i)
    {
        int start = i;
        while (i < Input.Length && char.IsAsciiDigit(Input[i]))
        {
            i++;
        }
        return i - start;
    }
}
