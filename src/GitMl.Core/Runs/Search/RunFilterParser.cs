namespace GitMl.Core.Runs.Search;

/// <summary>
/// The filter grammar (MLflow's search_runs, with the extensions docs/search.md lists):
/// <code>
/// filter     := clause (AND clause)*
/// clause     := identifier operator value | identifier [NOT] IN '(' string (',' string)* ')' | identifier IS [NOT] NULL
/// operator   := = | != | &lt;&gt; | &gt; | &gt;= | &lt; | &lt;= | [NOT] LIKE | [NOT] ILIKE
/// value      := number | 'string' | "string"
/// </code>
/// This class reads the syntax; <see cref="ClauseCompiler"/> checks types and compiles each clause.
/// </summary>
internal sealed class RunFilterParser
{
    private readonly SearchScanner _scanner;
    private readonly ClauseCompiler _compiler;

    private RunFilterParser(string text)
    {
        _scanner = new SearchScanner(text);
        _compiler = new ClauseCompiler(_scanner);
    }

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
        _compiler.CheckApplies(field, fieldText, op, opText, opStart);
        return op switch
        {
            SearchOperator.IsNull or SearchOperator.IsNotNull => new NullCondition(field, op == SearchOperator.IsNull),
            SearchOperator.In or SearchOperator.NotIn => ParseInList(field, fieldText, op == SearchOperator.NotIn, opText),
            _ => _compiler.Compile(field, fieldText, op, opText, ReadLiteral(opText)),
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
        throw _scanner.Error($"expected a comparison operator after '{fieldText}'", start, $"{fieldText} takes {ClauseCompiler.OperatorsFor(field)}");
    }

    private FilterLiteral ReadLiteral(string after)
    {
        _scanner.SkipWhitespace();
        int start = _scanner.Position;
        if (_scanner.Current is '\'' or '"')
        {
            return new FilterLiteral(start, _scanner.ReadQuoted(), 0, IsBareWord: false);
        }
        if (_scanner.TryReadNumber(out double number))
        {
            if (IdentifierText.IsKeyChar(_scanner.Current))
            {
                throw _scanner.Error($"{ClauseCompiler.ExpectedValue} after '{after}'", start, "quote text values: 'abc'");
            }
            return new FilterLiteral(start, null, number, IsBareWord: false);
        }
        if (_scanner.TryReadWord(out string word))
        {
            return new FilterLiteral(start, word, 0, IsBareWord: true);
        }
        throw _scanner.Error($"{ClauseCompiler.ExpectedValue} after '{after}'", start);
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
            values.Add(field.Entity == RunEntity.Attribute ? _compiler.InListValue(field, text, position, negated) : text);
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
}
