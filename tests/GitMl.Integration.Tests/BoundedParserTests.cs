using System.Text;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Parsers are bounded (issue 13.4): a 700-byte YAML alias bomb committed to a repository is refused with an error
/// naming file and line by the published git-ml under a 200 MB heap cap, and killed by no time cap (a generous one,
/// so a slow machine cannot fail it; an unbounded parser runs out of memory or into it).
/// </summary>
public sealed class BoundedParserTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public BoundedParserTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.GitMl(_repo, "install").EnsureSuccess("install");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Nine lines of nine aliases of the line before: 9^10, about 3.5 billion values, in 700 bytes.</summary>
    private static string AliasBomb()
    {
        var sb = new StringBuilder("bomb:\n  l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level <= 9; level++)
        {
            sb.Append($"  l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", 9)).Append("]\n");
        }
        return sb.ToString();
    }

    private ProcessResult Capped(params string[] args) =>
        _sandbox.Run("timeout", ["-s", "KILL", "120", Path.Combine(GitMlBinary.Directory, "git-ml"), .. args], _repo,
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0xC800000" });

    [Theory]
    [InlineData("dvc.yaml", "stages:\n  train:\n    cmd: echo train\n")]
    [InlineData("params.yaml", "")]
    public void An_alias_bomb_is_refused_naming_file_and_line_under_a_memory_and_time_cap(string file, string head)
    {
        if (file == "params.yaml")
        {
            Files.Write(Path.Combine(_repo, "dvc.yaml"), "stages:\n  train:\n    cmd: echo train\n    params:\n      - bomb\n");
        }
        Files.Write(Path.Combine(_repo, file), head + AliasBomb());
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "a small file that expands to billions of values").EnsureSuccess("commit");

        var repro = Capped("repro");
        Assert.Equal(2, repro.ExitCode);
        Assert.Contains($"{file}:", repro.Stderr, StringComparison.Ordinal);
        Assert.Contains("alias", repro.Stderr, StringComparison.Ordinal);

        var status = Capped("status");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Pipeline: cannot be read", status.Stdout, StringComparison.Ordinal);
    }
}
