using System.Globalization;

namespace GitMl.Git;

/// <summary>
/// A snapshot of git config values, read in one `git config --list -z` call. Keys are normalised as git does:
/// section and variable names lowercase, subsection names as written.
/// </summary>
public sealed class GitConfig
{
    private readonly Dictionary<string, List<string>> _values;

    private GitConfig(Dictionary<string, List<string>> values) => _values = values;

    public static GitConfig Empty { get; } = new(new Dictionary<string, List<string>>(StringComparer.Ordinal));

    /// <summary>Reads one scope (or all merged) as seen from <paramref name="git"/>'s working directory.</summary>
    public static GitConfig Read(GitCli git, GitConfigScope scope = GitConfigScope.Effective)
    {
        var args = new List<string> { "config", "-z", "--list" };
        if (scope != GitConfigScope.Effective)
        {
            args.Insert(1, ScopeFlag(scope));
        }
        var result = git.Run(args);
        // Exit 1 with no output means the file does not exist: an empty config, not an error.
        return result.Succeeded || result.Stdout.Length == 0 ? Parse(result.StdoutText) : throw new GitException($"could not read git config: {result.Stderr.Trim()}", result.ExitCode, result.Stderr);
    }

    /// <summary>Reads a config file in git-config syntax (such as a committed .mlconfig); empty when it does not exist.</summary>
    public static GitConfig ReadFile(GitCli git, string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }
        return Parse(git.Check(["config", "-z", "--list", "--file", path]).StdoutText);
    }

    /// <summary>
    /// The value of <paramref name="key"/> (its last one when it has several) as git reads it now, from every file
    /// (<paramref name="file"/> null) or one file; null when it is not set or the file cannot be read.
    /// </summary>
    public static string? ReadValue(GitCli git, string key, GitConfigFile? file = null) =>
        git.Run(["config", .. file?.Flags ?? [], "--get", key]) is { Succeeded: true } result ? result.StdoutText.Trim() : null;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> in <paramref name="file"/>, replacing its one value.</summary>
    /// <exception cref="GitException">git could not (a bad key, a key with several values, a file it cannot write).</exception>
    public static void Set(GitCli git, GitConfigFile file, string key, string value) => git.Check(["config", .. file.Flags, key, value]);

    /// <summary>Removes every value of <paramref name="key"/> from <paramref name="file"/>.</summary>
    /// <exception cref="GitException">git could not, or the key was not set there.</exception>
    public static void UnsetAll(GitCli git, GitConfigFile file, string key) => git.Check(["config", .. file.Flags, "--unset-all", key]);

    /// <summary>As <see cref="UnsetAll"/>, for callers to whom a key already gone is no error: false when git could not.</summary>
    public static bool TryUnsetAll(GitCli git, GitConfigFile file, string key) => git.Run(["config", .. file.Flags, "--unset-all", key]).Succeeded;

    /// <summary>Removes the one value of <paramref name="key"/> from <paramref name="file"/>; false when git could not
    /// (the key is not set there, or has several values).</summary>
    public static bool TryUnset(GitCli git, GitConfigFile file, string key) => git.Run(["config", .. file.Flags, "--unset", key]).Succeeded;

    /// <summary>Removes the section <paramref name="section"/> ("ml-remote.origin") and its values from
    /// <paramref name="file"/>; false when git could not (most often: there is no such section).</summary>
    public static bool TryRemoveSection(GitCli git, GitConfigFile file, string section) =>
        git.Run(["config", .. file.Flags, "--remove-section", section]).Succeeded;

    /// <summary>Parses the output of `git config --list -z`: entries "key\nvalue" separated by NUL.</summary>
    public static GitConfig Parse(string listOutput)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string entry in listOutput.Split('\0'))
        {
            if (entry.Length == 0)
            {
                continue;
            }
            int nl = entry.IndexOf('\n', StringComparison.Ordinal);
            // A key alone (no newline) is a boolean written without "= value", which git reads as true.
            string key = NormaliseKey(nl < 0 ? entry : entry[..nl]);
            string value = nl < 0 ? "true" : entry[(nl + 1)..];
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }
            list.Add(value);
        }
        return new GitConfig(values);
    }

    /// <summary>The values of <paramref name="entries"/> (as `git config --list --show-origin` gives them), in order.</summary>
    public static GitConfig FromEntries(IEnumerable<GitConfigEntry> entries)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!values.TryGetValue(entry.Key, out var list))
            {
                values[entry.Key] = list = [];
            }
            list.Add(entry.Value);
        }
        return new GitConfig(values);
    }

    /// <summary>Lower-cases the section and variable name, keeping a subsection's case ("filter.ML.Process" → "filter.ML.process").</summary>
    public static string NormaliseKey(string key)
    {
        int first = key.IndexOf('.', StringComparison.Ordinal);
        int last = key.LastIndexOf('.');
        if (first < 0)
        {
            return key.ToLowerInvariant();
        }
        string section = key[..first].ToLowerInvariant();
        string name = key[(last + 1)..].ToLowerInvariant();
        return first == last ? $"{section}.{name}" : $"{section}.{key[(first + 1)..last]}.{name}";
    }

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The last value of a key (git's rule when a key appears more than once), or null.</summary>
    public string? Get(string key) => _values.TryGetValue(NormaliseKey(key), out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string key) => _values.TryGetValue(NormaliseKey(key), out var list) ? list : [];

    /// <summary>This snapshot with <paramref name="overrides"/>' values winning where both have a key.</summary>
    public GitConfig OverriddenBy(GitConfig overrides)
    {
        var merged = new Dictionary<string, List<string>>(_values, StringComparer.Ordinal);
        foreach (var (key, list) in overrides._values)
        {
            merged[key] = list;
        }
        return new GitConfig(merged);
    }

    /// <summary>Git's boolean spellings: true/yes/on, false/no/off/empty, or any integer (non-zero is true).</summary>
    public static bool? ParseBool(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" or "" => false,
        var v when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => n != 0,
        _ => null,
    };

    /// <summary>A size in git's spelling, with an optional k, m or g suffix (powers of 1024). Typed git-ml settings
    /// are read through GitMl.Core.Settings.SettingValues, which decides what a bad value does.</summary>
    public static long? ParseSize(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        long factor = 1;
        if (v.Length > 0 && v[^1] is 'k' or 'm' or 'g')
        {
            factor = v[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, _ => 1L << 30 };
            v = v[..^1];
        }
        return long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n <= long.MaxValue / factor ? n * factor : null;
    }

    public static string ScopeFlag(GitConfigScope scope) => scope switch
    {
        GitConfigScope.Local => "--local",
        GitConfigScope.Global => "--global",
        GitConfigScope.System => "--system",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), "the effective config cannot be written"),
    };
}
