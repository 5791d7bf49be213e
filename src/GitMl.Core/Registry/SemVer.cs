using System.Globalization;
using System.Text.RegularExpressions;

namespace GitMl.Core.Registry;

/// <summary>
/// A release number MAJOR.MINOR.PATCH (no pre-release or build suffix: a model release is a release). Compared
/// numerically, so 1.10.0 is after 1.9.0.
/// </summary>
public sealed partial record SemVer(int Major, int Minor, int Patch) : IComparable<SemVer>
{
    public static SemVer Parse(string text)
    {
        var match = Pattern().Match(text.StartsWith('v') ? text[1..] : text);
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
            || !int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int patch))
        {
            throw new FormatException($"'{text}' is not a semantic version: use MAJOR.MINOR.PATCH, e.g. 1.2.0");
        }
        return new SemVer(major, minor, patch);
    }

    public int CompareTo(SemVer? other) =>
        other is null ? 1
        : Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(SemVer left, SemVer right) => left.CompareTo(right) < 0;

    public static bool operator >(SemVer left, SemVer right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemVer left, SemVer right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemVer left, SemVer right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
