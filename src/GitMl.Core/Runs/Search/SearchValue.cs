using System.Globalization;

namespace GitMl.Core.Runs.Search;

/// <summary>
/// An attribute's value: a string or a number, nothing else (the search language compares nothing else). A small
/// value type so that reading an attribute of 10,000 runs allocates nothing beyond the strings the runs already hold.
/// <c>default(SearchValue)</c> is the number 0.
/// </summary>
public readonly record struct SearchValue
{
    private readonly string? _text;
    private readonly double _number;

    private SearchValue(string? text, double number)
    {
        _text = text;
        _number = number;
    }

    public static SearchValue FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), 0);

    public static SearchValue FromNumber(double number) => new(null, number);

    public SearchValueKind Kind => _text is null ? SearchValueKind.Number : SearchValueKind.Text;

    public bool IsNumber => _text is null;

    /// <summary>The text, or for a number its shortest round-trip invariant form ("0.1", "1E-05").</summary>
    public string Text => _text ?? _number.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The number; throws for text (use <see cref="TryGetNumber"/> to accept text that reads as a number).</summary>
    public double Number => _text is null ? _number : throw new InvalidOperationException($"the search value '{_text}' is text, not a number");

    /// <summary>The number, or the text read as an invariant-culture number ("0.01", "1e-3"); false for other text.</summary>
    public bool TryGetNumber(out double number)
    {
        if (_text is null)
        {
            number = _number;
            return true;
        }
        return SearchNumbers.TryParse(_text, out number);
    }

    public override string ToString() => Text;
}
