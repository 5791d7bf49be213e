namespace GitMl.Core.Runs.Search;

/// <summary>
/// Turns a parsed clause (field, comparator, constant) into a compiled <see cref="IRunCondition"/>, checking types
/// once: a clause that cannot work (LIKE on a metric, text compared to a metric, an unknown status, a 3-character
/// id prefix) is an error at the position of the part that is wrong, with a hint saying what works, rather than
/// a filter that silently matches nothing. Constants are put in the form runs hold values in (status upper case,
/// ids lower case, dates as epoch milliseconds).
/// </summary>
internal sealed class ClauseCompiler(SearchScanner scanner)
{
    public const string ExpectedValue = "expected a value (a number or a quoted string)";
    private const string NumberOperators = "=, !=, <>, >, >=, <, <=, IS NULL, IS NOT NULL";
    private const string TextOperators = "=, !=, <>, LIKE, ILIKE, NOT LIKE, NOT ILIKE, IN, NOT IN, IS NULL, IS NOT NULL";
    private const string ParamOperators = "=, !=, <>, >, >=, <, <=, LIKE, ILIKE, NOT LIKE, NOT ILIKE, IN, NOT IN, IS NULL, IS NOT NULL";

    /// <summary>Refuses an operator the field's kind has no meaning for, at the operator's position.</summary>
    public void CheckApplies(RunField field, string fieldText, SearchOperator op, string opText, int opStart)
    {
        bool textOnly = op is SearchOperator.Like or SearchOperator.ILike or SearchOperator.NotLike or SearchOperator.NotILike
            or SearchOperator.In or SearchOperator.NotIn;
        bool ordering = op is SearchOperator.Greater or SearchOperator.GreaterOrEqual or SearchOperator.Less or SearchOperator.LessOrEqual;
        if (field.IsNumeric && textOnly)
        {
            throw scanner.Error($"{opText} does not apply to {fieldText}, which is a number", opStart, $"{fieldText} takes {NumberOperators}");
        }
        if (!field.IsNumeric && field.Entity == RunEntity.Attribute && ordering)
        {
            throw scanner.Error($"{opText} does not apply to {fieldText}, which is text", opStart, $"{fieldText} takes {TextOperators}");
        }
    }

    public IRunCondition Compile(RunField field, string fieldText, SearchOperator op, string opText, FilterLiteral literal)
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
                throw scanner.Error($"{ExpectedValue} after '{opText}'", literal.Position, $"quote text values: {fieldText} {opText} '{literal.Text}'");
            }
            if (equality)
            {
                return new TextEqualityCondition(field, literal.Text!, op == SearchOperator.NotEqual);
            }
            return SearchNumbers.TryParse(literal.Text!, out double number)
                ? new NumberCondition(field, op, number)
                : throw scanner.Error($"'{literal.Text}' is not a number, and {opText} compares {fieldText} as a number", literal.Position,
                    "params and tags compare as numbers with >, >=, <, <= (a value that is not a number never matches); compare text with =, !=, LIKE, ILIKE");
        }
        string text = AttributeText(field, fieldText, op, opText, literal);
        bool negated = op == SearchOperator.NotEqual;
        return RunAttributes.IsHexId(field.Key)
            ? new HexIdCondition(field, text, negated)
            : new TextEqualityCondition(field, text, negated);
    }

    private double NumberFor(RunField field, string fieldText, string opText, FilterLiteral literal)
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
                : throw scanner.Error($"'{literal.Text}' is not an ISO-8601 date/time", literal.Position,
                    $"{fieldText} takes epoch milliseconds or a quoted ISO-8601 date/time: {SearchTime.Examples}");
        }
        string hint = !literal.IsBareWord && SearchNumbers.TryParse(literal.Text!, out _)
            ? $"drop the quotes: {fieldText} {opText} {literal.Text}"
            : time
                ? $"{fieldText} takes epoch milliseconds or a quoted ISO-8601 date/time: {SearchTime.Examples}"
                : $"for example {fieldText} {opText} 0.9";
        throw scanner.Error($"{fieldText} is a number: compare it with a number, not text", literal.Position, hint);
    }

    private LikeCondition BuildLike(RunField field, string fieldText, SearchOperator op, string opText, FilterLiteral literal)
    {
        if (literal.Text is null || literal.IsBareWord)
        {
            throw scanner.Error($"expected a quoted pattern after '{opText}'", literal.Position, $"for example {fieldText} {opText} '%abc%'");
        }
        bool ignoreCase = op is SearchOperator.ILike or SearchOperator.NotILike;
        LikePattern pattern = LikePattern.TryCompile(literal.Text, ignoreCase)
            ?? throw scanner.Error("a LIKE pattern cannot end with the escape character '\\'", literal.Position,
                "'\\' makes the next character literal: '50\\%' matches \"50%\"; write '\\\\' for a backslash");
        return new LikeCondition(field, pattern, negated: op is SearchOperator.NotLike or SearchOperator.NotILike);
    }

    /// <summary>The value an attribute is compared with, checked and put in the form runs hold it in.</summary>
    private string AttributeText(RunField field, string fieldText, SearchOperator op, string opText, FilterLiteral literal)
    {
        if (field.Key == RunAttributes.Dirty && literal.Text is { } flag
            && (flag.Equals("true", StringComparison.OrdinalIgnoreCase) || flag.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            return flag.ToLowerInvariant(); // dirty = true, dirty = 'TRUE': the recorded value is lower case
        }
        if (literal.Text is null || literal.IsBareWord)
        {
            string shown = literal.Text ?? scanner.Input[literal.Position..scanner.Position].Trim();
            throw scanner.Error($"{fieldText} is text: expected a quoted string after '{opText}'", literal.Position,
                $"for example {fieldText} {opText} '{shown}'");
        }
        return CheckedText(field, literal.Text, literal.Position, excludes: op == SearchOperator.NotEqual);
    }

    /// <param name="excludes">
    /// The value is one the run must not have (<c>!=</c>, <c>NOT IN</c>). An unknown status is then accepted, as MLflow
    /// accepts <c>status != 'blah'</c> (every run matches); with <c>=</c> or <c>IN</c> it could match nothing, so it is
    /// refused as the typo it is.
    /// </param>
    private string CheckedText(RunField field, string text, int position, bool excludes)
    {
        switch (field.Key)
        {
            case RunAttributes.Status:
                string status = text.ToUpperInvariant();
                return RunAttributes.Statuses.Contains(status) || excludes
                    ? status
                    : throw scanner.Error($"unknown status '{text}'", position, "the statuses are " + string.Join(", ", RunAttributes.Statuses));
            case RunAttributes.Dirty:
                throw scanner.Error($"dirty is 'true' or 'false', not '{text}'", position);
            case RunAttributes.RunId or RunAttributes.Commit:
                string what = field.Key == RunAttributes.RunId ? "a run id" : "a commit";
                return HexIds.IsPrefix(text)
                    ? text.ToLowerInvariant()
                    : throw scanner.Error($"'{text}' is not {what} or a prefix of one", position,
                        $"give {what} in hex, or a prefix of at least {HexIds.MinimumPrefixLength} hex characters");
            default:
                return text;
        }
    }

    public string InListValue(RunField field, string text, int position, bool negated) =>
        field.Key == RunAttributes.Dirty && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
            ? text.ToLowerInvariant()
            : CheckedText(field, text, position, excludes: negated);

    public static string OperatorsFor(RunField field) =>
        field.IsNumeric ? NumberOperators : field.Entity == RunEntity.Attribute ? TextOperators : ParamOperators;
}
