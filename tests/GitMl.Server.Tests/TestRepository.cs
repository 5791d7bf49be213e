using GitMl.Core;
using GitMl.Git;

namespace GitMl.Server.Tests;

/// <summary>A throwaway git repository with a user and one commit (on main), deleted afterwards.</summary>
internal sealed class TestRepository : IDisposable
{
    public TestRepository()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "git-ml-server-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        Git = new GitCli(Path);
        Git.Check(["init", "-q", "-b", "main"]);
        Git.Check(["config", "user.name", "Alice"]);
        Git.Check(["config", "user.email", "alice@example.com"]);
        Git.Check(["config", "commit.gpgsign", "false"]);
        Commit("README.md", "test\n", "init");
        Repo = MlRepository.Open(Path);
    }

    public string Path { get; }

    public GitCli Git { get; }

    public MlRepository Repo { get; }

    public string Head => Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();

    /// <summary>Writes a file, commits it, returns the new commit.</summary>
    public string Commit(string file, string content, string message)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, file), content);
        Git.Check(["add", file]);
        Git.Check(["commit", "-q", "-m", message]);
        return Git.Check(["rev-parse", "HEAD"]).StdoutText.Trim();
    }

    public void Dispose()
    {
        try
        {
            foreach (string file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
