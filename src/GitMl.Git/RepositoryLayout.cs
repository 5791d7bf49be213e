namespace GitMl.Git;

/// <summary>
/// Where a repository's parts are, as absolute paths. <see cref="CommonDirectory"/> is shared by all worktrees
/// (it holds objects, refs, config and git-ml's store); <see cref="GitDirectory"/> is this worktree's own.
/// </summary>
/// <param name="WorkTree">The top of the working tree, or null in a bare repository.</param>
/// <param name="HooksDirectory">The folder git runs hooks from (core.hooksPath honoured).</param>
public sealed record RepositoryLayout(string? WorkTree, string GitDirectory, string CommonDirectory, string HooksDirectory)
{
    public bool IsBare => WorkTree is null;

    /// <summary>Asks git where the repository around <paramref name="directory"/> is; null when there is none.</summary>
    public static RepositoryLayout? Discover(string directory)
    {
        var git = new GitCli(directory);
        // --show-toplevel comes last: in a bare repository it fails after the others have printed.
        var result = git.Run(["rev-parse", "--path-format=absolute", "--is-bare-repository", "--git-dir", "--git-common-dir", "--git-path", "hooks", "--show-toplevel"]);
        string[] lines = result.Lines();
        if (lines.Length < 4 || (!result.Succeeded && lines[0] != "true"))
        {
            return null;
        }
        bool bare = lines[0] == "true";
        string? workTree = !bare && lines.Length >= 5 ? lines[4] : null;
        return new RepositoryLayout(workTree, lines[1], lines[2], lines[3]);
    }

    /// <summary>Like <see cref="Discover"/>, but a missing repository is an error that says what to do.</summary>
    public static RepositoryLayout Require(string directory) =>
        Discover(directory) ?? throw new NotARepositoryException(directory);
}

/// <summary>A command that needs a Git repository was run outside one.</summary>
public sealed class NotARepositoryException(string directory)
    : Exception($"not in a Git repository ({directory}): run this inside a repository, or create one with 'git init'")
{
    public string Directory { get; } = directory;
}
