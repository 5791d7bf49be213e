using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Params;

/// <summary>
/// A reader for the part of TOML 1.0 that parameter files use: [tables], [[arrays of tables]], bare, quoted and dotted
/// keys, strings (basic, literal, multi-line, with escapes), integers (decimal, 0x, 0o, 0b, with _), floats (with
/// exponent, inf, nan), booleans, arrays and inline tables. Dates and times are refused with a clear error (quote
/// them to use them as strings): a params file rarely holds one, and no JSON type would keep it.
/// </summary>
internal sealed class TomlSource
{
    private readonly string _text;
    private readonly string _file;
    private readonly InputBudget _budget;
    private readonly JsonObject _root = new();
    // Tables that may not be extended or redefined: inline tables and [headers] already seen.
    private readonly HashSet<JsonObject> _closed = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonObject> _headers = new(ReferenceEqualityComparer.Instance);
    // Arrays built by [[headers]] (as opposed to array values, which cannot be extended).
    private readonly HashSet<JsonArray> _tableArrays = new(ReferenceEqualityComparer.Instance);
    private int _pos;
    private int _line = 1;

    private TomlSource(string text, string file)
    {
        _text = text;
        _file = file;
        _budget = new InputBudget(file);
    }

    /// <exception cref="PipelineFormatException">Not valid TOML (or a date), or beyond <see cref="InputLimits"/>; names the file and line.</exception>
    public static JsonObject Load(string text, string file)
    {
        InputLimits.CheckSize(text, file);
        return new TomlSource(text, file).Document();
    }

    // Depth counts tables and arrays from the top, which is at depth 1 (as for YAML and JSON): a [a.b] table is at
    // depth 3, an inline table or array value of its key `c` at 4, the tables of [[a]] at 3 (the array is at 2).
    private JsonObject Document()
    {
        var current = _root;
        int depth = 1;
        while (true)
        {
            SkipBlankLines();
            if (AtEnd)
            {
                return _root;
            }
            if (Peek == '[')
            {
                (current, depth) = Peek2 == '[' ? ArrayTableHeader() : TableHeader();
            }
            else
            {
                KeyValue(current, depth);
            }
            EndOfLine();
        }
    }

    private (JsonObject Table, int Depth) TableHeader()
    {
        int line = _line;
        _pos++;
        var key = Key();
        Expect(']', "to close the table header");
        int depth = 1 + key.Count;
        _budget.CheckDepth(depth, line);
        var table = Walk(_root, key.SkipLast(1), line);
        string last = key[^1];
        if (table[last] is JsonObject existing)
        {
            if (_headers.Contains(existing) || _closed.Contains(existing))
            {
                throw Error(line, $"table [{string.Join('.', key)}] is defined twice");
            }
            _headers.Add(existing);
            return (existing, depth);
        }
        if (table.ContainsKey(last))
        {
            throw Error(line, $"[{string.Join('.', key)}] names a key that already holds a value");
        }
        var created = new JsonObject();
        _budget.Add(1, line);
        table[last] = created;
        _headers.Add(created);
        return (created, depth);
    }

    private (JsonObject Table, int Depth) ArrayTableHeader()
    {
        int line = _line;
        _pos += 2;
        var key = Key();
        Expect(']', "to close the array-of-tables header");
        Expect(']', "to close the array-of-tables header ([[...]])");
        int depth = 2 + key.Count;
        _budget.CheckDepth(depth, line);
        var table = Walk(_root, key.SkipLast(1), line);
        string last = key[^1];
        if (!table.ContainsKey(last))
        {
            var array = new JsonArray();
            _tableArrays.Add(array);
            table[last] = array;
        }
        if (table[last] is not JsonArray tables || !_tableArrays.Contains(tables))
        {
            throw Error(line, $"[[{string.Join('.', key)}]] names a key that already holds a value");
        }
        var created = new JsonObject();
        _budget.Add(1, line);
        tables.Add((JsonNode)created);
        _headers.Add(created);
        return (created, depth);
    }

    /// <summary>Follows (creating as needed) the tables named by <paramref name="path"/>; an array of tables means its last table.</summary>
    private JsonObject Walk(JsonObject from, IEnumerable<string> path, int line)
    {
        var table = from;
        foreach (string part in path)
        {
            switch (table[part])
            {
                case JsonObject next when !_closed.Contains(next):
                    table = next;
                    break;
                case JsonArray array when _tableArrays.Contains(array) && array.Count > 0:
                    table = (JsonObject)array[^1]!;
                    break;
                case null when !table.ContainsKey(part):
                    _budget.Add(1, line);
                    var created = new JsonObject();
                    table[part] = created;
                    table = created;
                    break;
                default:
                    throw Error(line, $"`{part}` already holds a value and cannot also be a table");
            }
        }
        return table;
    }

    /// <param name="depth">The table's depth.</param>
    private void KeyValue(JsonObject table, int depth)
    {
        int line = _line;
        var key = Key();
        // A dotted key a.b.c = ... creates tables a and a.b below this one; its value is at depth + key.Count.
        _budget.CheckDepth(depth + key.Count - 1, line);
        SkipSpaces();
        if (Peek != '=')
        {
            throw Error(_line, $"expected `=` after the key `{string.Join('.', key)}`");
        }
        _pos++;
        SkipSpaces();
        var target = Walk(table, key.SkipLast(1), line);
        string last = key[^1];
        if (target.ContainsKey(last))
        {
            throw Error(line, $"the key `{string.Join('.', key)}` is defined twice");
        }
        target[last] = Value(depth + key.Count);
    }

    private List<string> Key()
    {
        var parts = new List<string>();
        while (true)
        {
            SkipSpaces();
            if (AtEnd)
            {
                throw Error(_line, "expected a key");
            }
            parts.Add(Peek switch
            {
                '"' => BasicString(),
                '\'' => LiteralString(),
                _ => BareKey(),
            });
            SkipSpaces();
            if (AtEnd || Peek != '.')
            {
                return parts;
            }
            _pos++;
        }
    }

    private string BareKey()
    {
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '-'))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw Error(_line, $"unexpected `{Peek}` where a key was expected (keys are letters, digits, _ and -, or quoted)");
        }
        return _text[start.._pos];
    }

    /// <param name="depth">The depth the value has if it is an array or inline table.</param>
    private JsonNode? Value(int depth)
    {
        if (AtEnd)
        {
            throw Error(_line, "expected a value");
        }
        _budget.Add(1, _line);
        switch (Peek)
        {
            case '"':
                return JsonValue.Create(StartsWith("\"\"\"") ? MultiLineBasicString() : BasicString());
            case '\'':
                return JsonValue.Create(StartsWith("'''") ? MultiLineLiteralString() : LiteralString());
            case '[':
                return Array(depth);
            case '{':
                return InlineTable(depth);
        }
        int line = _line;
        int start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '+' or '-' or '.' or ':'))
        {
            _pos++;
        }
        string token = _text[start.._pos];
        if (token.Length == 0)
        {
            throw Error(line, $"unexpected `{Peek}` where a value was expected");
        }
        return Scalar(token, line);
    }

    private JsonValue Scalar(string token, int line)
    {
        switch (token)
        {
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "inf" or "+inf":
                return ParamValues.Float(double.PositiveInfinity);
            case "-inf":
                return ParamValues.Float(double.NegativeInfinity);
            case "nan" or "+nan" or "-nan":
                return ParamValues.Float(double.NaN);
        }
        if (token.Length >= 8 && char.IsAsciiDigit(token[0]) && (token.Contains(':', StringComparison.Ordinal) || (token.Length >= 10 && token[4] == '-' && token[7] == '-')))
        {
            throw Error(line, $"`{token}` is a TOML date or time, which params files do not support; quote it to keep it as text");
        }
        if (token.Length > 2 && token[0] == '0' && token[1] is 'x' or 'o' or 'b')
        {
            var (radix, valid) = token[1] switch
            {
                'x' => (16, (Func<char, bool>)char.IsAsciiHexDigit),
                'o' => (8, c => c is >= '0' and <= '7'),
                _ => (2, c => c is '0' or '1'),
            };
            string digits = Digits(token[2..], valid, line, token);
            InputLimits.CheckIntegerDigits(digits.Length, _file, line);
            return ParamValues.Integer(digits.Aggregate(BigInteger.Zero, (acc, c) => acc * radix + HexValue(c)));
        }
        string unsigned = token.TrimStart('+', '-');
        bool isFloat = unsigned.AsSpan().IndexOfAny(".eE") >= 0;
        if (!isFloat)
        {
            string digits = Digits(unsigned, char.IsAsciiDigit, line, token);
            InputLimits.CheckIntegerDigits(digits.Length, _file, line);
            if (digits.Length > 1 && digits[0] == '0')
            {
                throw Error(line, $"`{token}`: TOML integers cannot have leading zeros");
            }
            var value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
            return ParamValues.Integer(token[0] == '-' ? -value : value);
        }
        string text = unsigned.Replace("_", "", StringComparison.Ordinal);
        if (!IsTomlFloat(unsigned) || !double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double d))
        {
            throw Error(line, $"`{token}` is not a TOML value (strings must be quoted)");
        }
        return ParamValues.Float(token[0] == '-' ? -d : d);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (char.ToLowerInvariant(c) - 'a') + 10;

    /// <summary>Digits with single underscores between them (1_000), as TOML allows.</summary>
    private string Digits(string text, Func<char, bool> valid, int line, string token)
    {
        if (text.Length == 0 || text[0] == '_' || text[^1] == '_' || text.Contains("__", StringComparison.Ordinal) || !text.All(c => c == '_' || valid(c)))
        {
            throw Error(line, $"`{token}` is not a TOML value (strings must be quoted)");
        }
        return text.Replace("_", "", StringComparison.Ordinal);
    }

    /// <summary>An integer part, then a fraction and/or an exponent, each made of digits with single underscores.</summary>
    private static bool IsTomlFloat(string s)
    {
        int i = 0;
        bool Run()
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || (s[i] == '_' && i > start && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))))
            {
                i++;
            }
            return i > start;
        }
        if (!Run() || (s.Length > 1 && s[0] == '0' && char.IsAsciiDigit(s[1])))
        {
            return false;
        }
        bool any = false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Run())
            {
                return false;
            }
            any = true;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            if (!Run())
            {
                return false;
            }
            any = true;
        }
        return any && i == s.Length;
    }

    private JsonArray Array(int depth)
    {
        _budget.CheckDepth(depth, _line);
        _pos++;
        var items = new JsonArray();
        while (true)
        {
            SkipBlankLines();
            if (AtEnd)
            {
                throw Error(_line, "an array is not closed with `]`");
            }
            if (Peek == ']')
            {
                _pos++;
                return items;
            }
            items.Add(Value(depth + 1));
            SkipBlankLines();
            if (AtEnd)
            {
                throw Error(_line, "an array is not closed with `]`");
            }
            if (Peek == ',')
            {
                _pos++;
            }
            else if (Peek != ']')
            {
                throw Error(_line, "expected `,` or `]` in an array");
            }
        }
    }

    private JsonObject InlineTable(int depth)
    {
        _budget.CheckDepth(depth, _line);
        _pos++;
        var table = new JsonObject();
        while (true)
        {
            SkipBlankLines();
            if (AtEnd)
            {
                throw Error(_line, "an inline table is not closed with `}`");
            }
            if (Peek == '}')
            {
                _pos++;
                _closed.Add(table);
                return table;
            }
            KeyValue(table, depth);
            SkipBlankLines();
            if (!AtEnd && Peek == ',')
            {
                _pos++;
            }
            else if (AtEnd || Peek != '}')
            {
                throw Error(_line, "expected `,` or `}` in an inline table");
            }
        }
    }

    private string BasicString()
    {
        int line = _line;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek == '\n')
            {
                throw Error(line, "a string is not closed with `\"` on its line");
            }
            char c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }
            if (c == '\\')
            {
                Escape(sb, line);
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private string MultiLineBasicString()
    {
        int line = _line;
        _pos += 3;
        SkipOneNewline();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error(line, "a multi-line string is not closed with `\"\"\"`");
            }
            if (StartsWith("\"\"\""))
            {
                // Up to two quotes right before the closing """ belong to the string.
                int quotes = 3;
                while (_pos + quotes < _text.Length && _text[_pos + quotes] == '"' && quotes < 5)
                {
                    quotes++;
                }
                sb.Append('"', quotes - 3);
                _pos += quotes;
                return sb.ToString();
            }
            char c = _text[_pos++];
            if (c == '\n')
            {
                _line++;
                sb.Append(c);
            }
            else if (c == '\\')
            {
                if (LineEndingBackslash())
                {
                    continue;
                }
                Escape(sb, _line);
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    /// <summary>A backslash at the end of a line in a """ string: the newline and the blanks after it are dropped.</summary>
    private bool LineEndingBackslash()
    {
        int i = _pos;
        while (i < _text.Length && _text[i] is ' ' or '\t' or '\r')
        {
            i++;
        }
        if (i >= _text.Length || _text[i] != '\n')
        {
            return false;
        }
        _pos = i;
        while (!AtEnd && Peek is ' ' or '\t' or '\r' or '\n')
        {
            if (Peek == '\n')
            {
                _line++;
            }
            _pos++;
        }
        return true;
    }

    private void Escape(StringBuilder sb, int line)
    {
        if (AtEnd)
        {
            throw Error(line, "a string ends with a lone backslash");
        }
        char e = _text[_pos++];
        switch (e)
        {
            case 'b': sb.Append('\b'); break;
            case 't': sb.Append('\t'); break;
            case 'n': sb.Append('\n'); break;
            case 'f': sb.Append('\f'); break;
            case 'r': sb.Append('\r'); break;
            case '"': sb.Append('"'); break;
            case '\\': sb.Append('\\'); break;
            case 'u' or 'U':
                int length = e == 'u' ? 4 : 8;
                if (_pos + length > _text.Length || !int.TryParse(_text.AsSpan(_pos, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code) || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                {
                    throw Error(line, $"invalid \\{e} escape in a string");
                }
                sb.Append(char.ConvertFromUtf32(code));
                _pos += length;
                break;
            default:
                throw Error(line, $"unknown escape `\\{e}` in a string (use '...' for text with backslashes)");
        }
    }

    private string LiteralString()
    {
        int line = _line;
        int start = ++_pos;
        while (!AtEnd && Peek != '\'' && Peek != '\n')
        {
            _pos++;
        }
        if (AtEnd || Peek != '\'')
        {
            throw Error(line, "a string is not closed with `'` on its line");
        }
        return _text[start.._pos++];
    }

    private string MultiLineLiteralString()
    {
        int line = _line;
        _pos += 3;
        SkipOneNewline();
        int start = _pos;
        int end = _text.IndexOf("'''", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(line, "a multi-line string is not closed with `'''`");
        }
        // Up to two quotes right before the closing ''' belong to the string.
        for (int extra = 0; extra < 2 && end + 3 < _text.Length && _text[end + 3] == '\''; extra++)
        {
            end++;
        }
        string value = _text[start..end];
        _line += value.Count(c => c == '\n');
        _pos = end + 3;
        return value;
    }

    private void SkipOneNewline()
    {
        if (StartsWith("\r\n"))
        {
            _pos += 2;
            _line++;
        }
        else if (!AtEnd && Peek == '\n')
        {
            _pos++;
            _line++;
        }
    }

    private void EndOfLine()
    {
        SkipSpaces();
        if (!AtEnd && Peek == '#')
        {
            SkipComment();
        }
        if (!AtEnd && Peek == '\r')
        {
            _pos++;
        }
        if (!AtEnd && Peek != '\n')
        {
            throw Error(_line, $"unexpected `{Peek}` after a value (one key = value per line)");
        }
    }

    private void SkipBlankLines()
    {
        while (!AtEnd)
        {
            switch (Peek)
            {
                case ' ' or '\t' or '\r':
                    _pos++;
                    break;
                case '\n':
                    _pos++;
                    _line++;
                    break;
                case '#':
                    SkipComment();
                    break;
                default:
                    return;
            }
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && Peek != '\n')
        {
            _pos++;
        }
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Peek is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void Expect(char c, string purpose)
    {
        SkipSpaces();
        if (AtEnd || Peek != c)
        {
            throw Error(_line, $"expected `{c}` {purpose}");
        }
        _pos++;
    }

    private bool StartsWith(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    private char Peek2 => _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';

    private PipelineFormatException Error(int line, string problem) => new(_file, line, "not valid TOML: " + problem);
}
