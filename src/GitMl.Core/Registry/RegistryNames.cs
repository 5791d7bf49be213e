using System.Text.RegularExpressions;

namespace GitMl.Core.Registry;

/// <summary>
/// Validates model and alias names. A model name becomes a file name in the registry tree (NAME.json), part of a
/// tag (model/NAME/vX.Y.Z) and part of a URI (models:/NAME/...), so it is limited to what is safe in all three:
/// letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters, no "..", not ending
/// in '.' or ".lock". An alias follows the same rule and must not read like a version number, a stage or "latest",
/// so a URI always means one thing.
/// </summary>
public static partial class RegistryNames
{
    public const int MaxLength = 100;

    public static string ValidateModel(string name)
    {
        if (!IsSafe(name))
        {
            throw new ArgumentException($"'{name}' is not a valid model name: use letters, digits, '.', '_' and '-', starting with a letter or digit (at most {MaxLength} characters), e.g. customer-churn-rf");
        }
        return name;
    }

    public static string ValidateAlias(string alias)
    {
        if (!IsSafe(alias))
        {
            throw new ArgumentException($"'{alias}' is not a valid alias: use letters, digits, '.', '_' and '-', starting with a letter or digit, e.g. champion");
        }
        if (ModelStage.TryParse(alias) is not null || alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || alias.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{alias}' cannot be an alias: it reads like a stage, a version number or 'latest'; choose another name, e.g. champion");
        }
        return alias;
    }

    private static bool IsSafe(string name) =>
        name.Length <= MaxLength && SafeName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal)
        && !name.EndsWith('.') && !name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
