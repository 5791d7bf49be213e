using System.Globalization;
using System.Text;
using GitMl.Git;

namespace GitMl.Core.Settings;

/// <summary>
/// The one place typed settings (booleans, sizes, counts) are read, and the one rule for a value that does not
/// parse. The user's own git config wins over the committed .mlconfig, as everywhere. A bad value in .mlconfig was
/// written by someone else: it is a warning that names the file, the key and the default used, never an error, so
/// a clone, checkout or add never stops on it. A bad value in the user's own git config is an error for a command
/// the user typed, and a warning (with the default) for git's filter, hooks and merge drivers, which must not
/// break git on a setting.
/// </summary>
/// <param name="committed">The committed .mlconfig.</param>
/// <param name="user">Every git config file (system, global, local, worktree, -c).</param>
/// <param name="strictUserConfig">Whether a bad value in the user's own git config is an error (commands the user
/// typed) rather than a warning (filter, hooks).</param>
/// <param name="warn">Receives each warning, a whole line without the trailing newline.</param>
public sealed class SettingValues(GitConfig committed, GitConfig user, bool strictUserConfig, Action<string> warn)
{
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public bool Bool(string key, bool fallback) =>
        Read(key, GitConfig.ParseBool, "is not a boolean (true or false)", fallback ? "true" : "false") ?? fallback;

    /// <summary>A size in git's spelling, with an optional k, m or g suffix (powers of 1024).</summary>
    public long Size(string key, long fallback) =>
        Read(key, v => GitConfig.ParseSize(v), "is not a size (examples: 500k, 1m, 2g)", FormatSize(fallback)) ?? fallback;

    /// <summary>A whole number of at least <paramref name="minimum"/>, or null when unset (the setting is off).</summary>
    public int? Count(string key, int minimum) =>
        Read(key, v => int.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= minimum ? n : (int?)null,
            $"is not a whole number of at least {minimum}", "off");

    private T? Read<T>(string key, Func<string, T?> parse, string problem, string fallback) where T : struct
    {
        bool fromUser = user.Get(key) is not null;
        if ((fromUser ? user.Get(key) : committed.Get(key)) is not { } text)
        {
            return null;
        }
        if (parse(text) is { } value)
        {
            if (Diagnostics.MlTrace.Enabled)
            {
                Diagnostics.MlTrace.Write("setting", $"{key} = '{text}' from {(fromUser ? "git config" : SettingKeys.CommittedFile)}");
            }
            return value;
        }
        if (fromUser && strictUserConfig)
        {
            throw new FormatException(
                $"git config {key} = '{Visible(text)}' {problem}: set it right (git config {key} VALUE) or remove it " +
                $"(git config --unset {key}); 'git config --show-origin {key}' shows which file holds it");
        }
        string where = fromUser ? "git config" : SettingKeys.CommittedFile;
        lock (_warned)
        {
            if (!_warned.Add(key))
            {
                return null;
            }
        }
        warn($"git-ml: warning: {where}: {key} = '{Visible(text)}' {problem}; using the default ({fallback}).");
        return null;
    }

    /// <summary>A size in git's spelling: 32m rather than 33554432.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        0 => "0",
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A value as it may be shown on a terminal: control characters escaped (a value comes from someone else's file).</summary>
    private static string Visible(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text.Length > 200 ? text[..200] + "..." : text)
        {
            if (char.IsControl(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
