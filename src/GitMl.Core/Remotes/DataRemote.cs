namespace GitMl.Core.Remotes;

/// <summary>Who wrote a remote setting, which decides what it may make git-ml do with this user's credentials.</summary>
public enum SettingOrigin
{
    /// <summary>
    /// The committed .mlconfig (or another file inside the working tree): written by whoever made the commit,
    /// which in a clone is someone else. It may name storage, never approve an endpoint or hold a credential.
    /// </summary>
    Committed,

    /// <summary>This user's own git config: system, global, the clone's .git/config, worktree, or `git -c`.</summary>
    User,
}

/// <summary>One setting of a data remote: its value and who wrote it.</summary>
public readonly record struct RemoteSetting(string Value, SettingOrigin Origin);

/// <summary>
/// A configured data remote: its name, where it is, and its settings (credentials included, never printed), each
/// with its origin (see <see cref="SettingOrigin"/>). Whether it may be used with this user's credentials is
/// decided by <see cref="RemoteAccess"/>.
/// </summary>
public sealed record DataRemote(string Name, RemoteUrl Url, IReadOnlyDictionary<string, RemoteSetting> Settings)
{
    /// <summary>The value of an option, whoever set it.</summary>
    public string? Option(string name) => Settings.TryGetValue(name, out var setting) ? setting.Value : null;

    /// <summary>The value of an option only when this user's own config sets it (approvals, bindings, allowHttp).</summary>
    public string? OwnOption(string name) => Settings.TryGetValue(name, out var setting) && setting.Origin == SettingOrigin.User ? setting.Value : null;

    /// <summary>Who set an option, or null when it is not set.</summary>
    public SettingOrigin? OriginOf(string name) => Settings.TryGetValue(name, out var setting) ? setting.Origin : null;

    /// <summary>The remote as people see it: name and URL, no options (options may hold secrets).</summary>
    public override string ToString() => $"{Name} ({Url})";
}
