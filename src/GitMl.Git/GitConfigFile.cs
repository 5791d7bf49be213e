namespace GitMl.Git;

/// <summary>
/// One git config file to read a value from or write to: a scope's (--local, --global, --system) or a file by path
/// (a committed .mlconfig, written in git-config syntax). Writes go through <see cref="GitConfig"/>'s static methods.
/// </summary>
public sealed class GitConfigFile
{
    private readonly string[] _flags;

    private GitConfigFile(string[] flags, string description)
    {
        _flags = flags;
        Description = description;
    }

    /// <summary>The file of a scope that can be written (not <see cref="GitConfigScope.Effective"/>).</summary>
    public static GitConfigFile Of(GitConfigScope scope) => new([GitConfig.ScopeFlag(scope)], GitConfig.ScopeFlag(scope));

    /// <summary>A config file by path (relative paths: from git's working directory, the top of the working tree).</summary>
    public static GitConfigFile AtPath(string path) => new(["--file", path], path);

    /// <summary>How a person would name it: "--local", or the path.</summary>
    public string Description { get; }

    internal IReadOnlyList<string> Flags => _flags;

    public override string ToString() => Description;
}
