namespace GitMl.Core.Runs.Search;

/// <summary>
/// The filter grammar (MLflow's search_runs, with the extensions docs/search.md lists):
/// <code>
/// filter     := clause (AND clause)*
/// clause     := identifier operator value | identifier [NOT] IN '(' string (',' string)* ')' | identifier IS [NOT] NULL
/// operator   := = | != | &lt;&gt; | &gt; | &gt;= | &lt; | &lt;= | [NOT] LIKE | [NOT] ILIKE
/// value      := number | 'string' | "string"
/// </code>
/// Types are checked here, once, so that a clause that cannot work (LIKE on a metric, text compared to a metric)
/// is an error with a position rather than a filter that silently matches nothing.
/// </summary>
internal sealed class RunFilterParser
{
    private const string NumberOperators = "=, !=, <>, >, >=, <, <=, IS NULL, IS NOT NULL";
    private const string TextOperators = "=, !=, <>, LIKE, ILIKE, NOT LIKE, NOT ILIKE, IN, NOT IN, IS NULL, IS NOT NULL";
    private const string ParamOperators = "=, !=, <>, >, >=, <, <=, LIKE, ILIKE, NOT LIKE, NOT ILIKE, IN, NOT IN, IS NULL, IS NOT NULL";
    private const string ExpectedValue = "expected a value (a number or a quoted string)";

    private readonly SearchScanner _scanner;

    private RunFilterParser(string text) => _scanner = new SearchScanner(text);

    public static IRunCondition[] Parse(string text) => new RunFilterParser(text).ParseFilter();

    private IRunCondition[] ParseFilter()
    {
        var conditions = new List<IRunCondition>();
        string context = "";
        while (true)
        {
            _scanner.SkipWhitespace();
            int clauseStart = _scanner.Position;
            conditions.Add(ParseClause(context));
            string clause = _scanner.Input[clauseStart.._scanner.Position];
            if (_scanner.AtEnd)
            {
                return [.. conditions];
            }
            int joinStart = _scanner.Position;
            if (_scanner.TryReadKeyword("AND"))
            {
                context = " after AND";
                continue;
            }
            if (_scanner.TryReadKeyword("OR"))
            {
                throw _scanner.Error("OR is not supported", joinStart,
                    "MLflow's search language has no OR: run two searches, or use IN for alternatives of one field: status IN ('FAILED', 'KILLED')");
            }
            throw _scanner.Error($"expected AND or the end of the filter after '{clause}'", joinStart);
        }
    }

    private IRunCondition ParseClause(string context)
    {
        _scanner.SkipWhitespace();
        int fieldStart = _scanner.Position;
        RunField field = FieldParser.Parse(_scanner, context);
        string fieldText = _scanner.Input[fieldStart.._scanner.Position];
        _scanner.SkipWhitespace();
        int opStart = _scanner.Position;
        SearchOperator op = ReadOperator(field, fieldText);
        string opText = _scanner.Input[opStart.._scanner.Position];
        CheckApplies(field, fieldText, op, opText, opStart);
        return op switch
        {
            SearchOperator.IsNull or SearchOperator.IsNotNull => new NullCondition(field, op == SearchOperator.IsNull),
            SearchOperator.In or SearchOperator.NotIn => ParseInList(field, fieldText, op == SearchOperator.NotIn, opText),
            _ => Build(field, fieldText, op, opText, ReadLiteral(opText)),
        };
    }

    // Two-character symbols first, so that ">=" is not read as ">".
    private static readonly (string Text, SearchOperator Operator)[] Symbols =
    [
        ("!=", SearchOperator.NotEqual), ("<>", SearchOperator.NotEqual), (">=", SearchOperator.GreaterOrEqual),
        ("<=", SearchOperator.LessOrEqual), ("=", SearchOperator.Equal), (">", SearchOperator.Greater), ("<", SearchOperator.Less),
    ];

    private static readonly (string Text, SearchOperator Operator, SearchOperator Negated)[] Keywords =
    [
        ("LIKE", SearchOperator.Like, SearchOperator.NotLike),
        ("ILIKE", SearchOperator.ILike, SearchOperator.NotILike),
        ("IN", SearchOperator.In, SearchOperator.NotIn),
    ];

    private SearchOperator ReadOperator(RunField field, string fieldText)
    {
        int start = _scanner.Position;
        foreach ((string text, SearchOperator op) in Symbols)
        {
            if (_scanner.TryReadSymbol(text))
            {
                return op;
            }
        }
        bool not = _scanner.TryReadKeyword("NOT");
        foreach ((string text, SearchOperator op, SearchOperator negated) in Keywords)
        {
            if (_scanner.TryReadKeyword(text))
            {
                return not ? negated : op;
            }
        }
        if (not)
        {
            _scanner.SkipWhitespace();
            throw _scanner.Error("expected LIKE, ILIKE or IN after NOT", _scanner.Position);
        }
        if (_scanner.TryReadKeyword("IS"))
        {
            bool isNot = _scanner.TryReadKeyword("NOT");
            if (_scanner.TryReadKeyword("NULL"))
            {
                return isNot ? SearchOperator.IsNotNull : SearchOperator.IsNull;
            }
            _scanner.SkipWhitespace();
            throw _scanner.Error(isNot ? "expected NULL after IS NOT" : "expected NULL or NOT NULL after IS", _scanner.Position);
        }
        throw _scanner.Error($"expected a comparison operator after '{fieldText}'", start, $"{fieldText} takes {OperatorsFor(field)}");
    }

    private static string OperatorsFor(RunField field) =>
        field.IsNumeric ? NumberOperators : field.Entity == RunEntity.Attribute ? TextOperators : ParamOperators;

    /// <summary>Refuses an operator the field's kind has no meaning for, at the operator's position.</summary>
    private void CheckApplies(RunField field, string fieldText, SearchOperator op, string opText, int opStart)
    {
        bool textOnly = op is SearchOperator.Like or SearchOperator.ILike or SearchOperator.NotLike or SearchOperator.NotILike
            or SearchOperator.In or SearchOperator.NotIn;
        bool ordering = op is SearchOperator.Greater or SearchOperator.GreaterOrEqual or SearchOperator.Less or SearchOperator.LessOrEqual;
        if (field.IsNumeric && textOnly)
        {
            throw _scanner.Error($"{opText} does not apply to {fieldText}, which is a number", opStart, $"{fieldText} takes {NumberOperators}");
        }
        if (!field.IsNumeric && field.Entity == RunEntity.Attribute && ordering)
        {
            throw _scanner.Error($"{opText} does not apply to {fieldText}, which is text", opStart, $"{fieldText} takes {TextOperators}");
        }
    }

    private Literal ReadLiteral(string after)
    {
        _scanner.SkipWhitespace();
        int start = _scanner.Position;
        if (_scanner.Current is '\'' or '"')
        {
            return new Literal(start, _scanner.ReadQuoted(), 0, IsBareWord: false);
        }
        if (_scanner.TryReadNumber(out double number))
        {
            if (IdentifierText.IsKeyChar(_scanner.Current))
            {
                throw _scanner.Error($"{ExpectedValue} after '{after}'", start, "quote text values: 'abc'");
            }
            return new Literal(start, null, number, IsBareWord: false);
        }
        if (_scanner.TryReadWord(out string word))
        {
            return new Literal(start, word, 0, IsBareWord: true);
        }
        throw _scanner.Error($"{ExpectedValue} after '{after}'", start);
    }

    private IRunCondition Build(RunField field, string fieldText, SearchOperator op, string opText, Literal literal)
    {
        if (field.IsNumeric)
        {
            return new NumberCondition(field, op, NumberFor(field, fieldText, opText, literal));
        }
        bool like = op is SearchOperator.Like or SearchOperator.ILike or SearchOperator.NotLike or SearchOperator.NotILike;
        if (like)
        {
            return BuildLike(field, fieldText, op, opText, literal);
        }
        bool equality = op is SearchOperator.Equal or SearchOperator.NotEqual;
        if (field.Entity != RunEntity.Attribute)
        {
            // Params and tags are text; a number on the right, or an ordering, compares them as numbers (an extension).
            if (literal.IsNumber)
            {
                return new NumberCondition(field, op, literal.Number);
            }
            if (literal.IsBareWord)
            {
                throw _scanner.Error($"{ExpectedValue} after '{opText}'", literal.Position, $"quote text values: {fieldText} {opText} '{literal.Text}'");
            }
            if (equality)
            {
                return new TextEqualityCondition(field, literal.Text!, op == SearchOperator.NotEqual);
            }
            return SearchNumbers.TryParse(literal.Text!, out double number)
                ? new NumberCondition(field, op, number)
                : throw _scanner.Error($"'{literal.Text}' is not a number, and {opText} compares {fieldText} as a number", literal.Position,
                    "params and tags compare as numbers with >, >=, <, <= (a value that is not a number never matches); compare text with =, !=, LIKE, ILIKE");
        }
        string text = AttributeText(field, fieldText, opText, literal);
        bool negated = op == SearchOperator.NotEqual;
        return RunAttributes.IsHexId(field.Key)
            ? new HexIdCondition(field, text, negated)
            : new TextEqualityCondition(field, text, negated);
    }

    private double NumberFor(RunField field, string fieldText, string opText, Literal literal)
    {
        if (literal.IsNumber)
        {
            return literal.Number;
        }
        bool time = field.Entity == RunEntity.Attribute && RunAttributes.IsTime(field.Key);
        if (time && !literal.IsBareWord)
        {
            return SearchTime.TryParseEpochMilliseconds(literal.Text!, out double milliseconds)
                ? milliseconds
                : throw _scanner.Error($"'{literal.Text}' is not an ISO-8601 date/time", literal.Position,
                    $"{fieldText} takes epoch milliseconds or a quoted ISO-8601 date/time: {SearchTime.Examples}");
        }
        string hint = !literal.IsBareWord && SearchNumbers.TryParse(literal.Text!, out _)
            ? $"drop the quotes: {fieldText} {opText} {literal.Text}"
            : time
                ? $"{fieldText} takes epoch milliseconds or a quoted ISO-8601 date/time: {SearchTime.Examples}"
                : $"for example {fieldText} {opText} 0.9";
        throw _scanner.Error($"{fieldText} is a number: compare it with a number, not text", literal.Position, hint);
    }

    private LikeCondition BuildLike(RunField field, string fieldText, SearchOperator op, string opText, Literal literal)
    {
        if (literal.Text is null || literal.IsBareWord)
        {
            throw _scanner.Error($"expected a quoted pattern after '{opText}'", literal.Position, $"for example {fieldText} {opText} '%abc%'");
        }
        bool ignoreCase = op is SearchOperator.ILike or SearchOperator.NotILike;
        LikePattern pattern = LikePattern.TryCompile(literal.Text, ignoreCase)
            ?? throw _scanner.Error("a LIKE pattern cannot end with the escape character '\\'", literal.Position,
                "'\\' makes the next character literal: '50\\%' matches \"50%\"; write '\\\\' for a backslash");
        return new LikeCondition(field, pattern, negated: op is SearchOperator.NotLike or SearchOperator.NotILike);
    }

    /// <summary>The value an attribute is compared with, checked and put in the form runs hold it in.</summary>
    private string AttributeText(RunField field, string fieldText, string opText, Literal literal)
    {
        if (field.Key == RunAttributes.Dirty && literal.Text is { } flag
            && (flag.Equals("true", StringComparison.OrdinalIgnoreCase) || flag.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            return flag.ToLowerInvariant(); // dirty = true, dirty = 'TRUE': the recorded value is lower case
        }
        if (literal.Text is null || literal.IsBareWord)
        {
            string shown = literal.Text ?? _scanner.Input[literal.Position.._scanner.Position].Trim();
            throw _scanner.Error($"{fieldText} is text: expected a quoted string after '{opText}'", literal.Position,
                $"for example {fieldText} {opText} '{shown}'");
        }
        return CheckedText(field, literal.Text, literal.Position);
    }

    private string CheckedText(RunField field, string text, int position)
    {
        switch (field.Key)
        {
            case RunAttributes.Status:
                string status = text.ToUpperInvariant();
                return RunAttributes.Statuses.Contains(status)
                    ? status
                    : throw _scanner.Error($"unknown status '{text}'", position, "the statuses are " + string.Join(", ", RunAttributes.Statuses));
            case RunAttributes.Dirty:
                throw _scanner.Error($"dirty is 'true' or 'false', not '{text}'", position);
            case RunAttributes.RunId or RunAttributes.Commit:
                string what = field.Key == RunAttributes.RunId ? "a run id" : "a commit";
                return HexIds.IsPrefix(text)
                    ? text.ToLowerInvariant()
                    : throw _scanner.Error($"'{text}' is not {what} or a prefix of one", position,
                        $"give {what} in hex, or a prefix of at least {HexIds.MinimumPrefixLength} hex characters");
            default:
                return text;
        }
    }

    private InListCondition ParseInList(RunField field, string fieldText, bool negated, string opText)
    {
        if (!_scanner.TryReadSymbol("("))
        {
            throw _scanner.Error($"expected '(' after {opText}", _scanner.Position, $"for example {fieldText} {opText} ('a', 'b')");
        }
        var values = new List<string>();
        while (true)
        {
            _scanner.SkipWhitespace();
            int position = _scanner.Position;
            if (_scanner.Current is not ('\'' or '"'))
            {
                throw _scanner.Error($"expected a quoted string in the {opText} list", position, $"for example {fieldText} {opText} ('a', 'b')");
            }
            string text = _scanner.ReadQuoted();
            values.Add(field.Entity == RunEntity.Attribute ? InListText(field, text, position) : text);
            if (_scanner.TryReadSymbol(")"))
            {
                break;
            }
            if (!_scanner.TryReadSymbol(","))
            {
                throw _scanner.Error($"expected ',' or ')' in the {opText} list", _scanner.Position);
            }
        }
        return new InListCondition(field, [.. values], byPrefix: RunAttributes.IsHexId(field.Key) && field.Entity == RunEntity.Attribute, negated);
    }

    private string InListText(RunField field, string text, int position) =>
        field.Key == RunAttributes.Dirty && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
            ? text.ToLowerInvariant()
            : CheckedText(field, text, position);

    /// <summary>A value as written: a quoted string (Text), a number (Text null), or a bare word (IsBareWord).</summary>
    private readonly record struct Literal(int Position, string? Text, double Number, bool IsBareWord)
    {
        public bool IsNumber => Text is null;
    }
}
