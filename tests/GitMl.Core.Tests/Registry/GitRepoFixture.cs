using GitMl.Git;

namespace GitMl.Core.Tests.Registry;

/// <summary>A throwaway git repository with a user and one commit, for the registry's git-level tests.</summary>
internal sealed class GitRepoFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public GitRepoFixture(string? cloneOf = null)
    {
        var git = new GitCli(_dir.Path);
        if (cloneOf is null)
        {
            git.Check(["init", "-q", "-b", "main"]);
        }
        else
        {
            git.Check(["clone", "-q", cloneOf, "."]);
        }
        git.Check(["config", "user.name", "Alice"]);
        git.Check(["config", "user.email", "alice@example.com"]);
        git.Check(["config", "commit.gpgsign", "false"]);
        if (cloneOf is null)
        {
            File.WriteAllText(_dir.Combine("README.md"), "test\n");
            git.Check(["add", "README.md"]);
            git.Check(["commit", "-q", "-m", "init"]);
        }
        Repo = MlRepository.Open(_dir.Path);
    }

    public string Path => _dir.Path;

    public MlRepository Repo { get; }

    public GitCli Git => Repo.Git;

    public string Write(string relative, string content)
    {
        string full = _dir.Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose() => _dir.Dispose();
}
