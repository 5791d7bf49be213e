using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// `git ml repro` remembers its parse of ml.yaml and ml.lock under .git/ml (docs/pipelines.md): through the real
/// binary, a rewrite that keeps the file's size and times, of the pipeline, a params file or the lock file, is seen at
/// once, and a damaged memo changes nothing but speed.
/// </summary>
public sealed class ParseMemoTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly Sandbox _sandbox = new();
    private readonly string _repo;

    public ParseMemoTests()
    {
        _repo = _sandbox.CreateRepository();
        Write("params.yaml", "word: aaa\n");
        Write("ml.yaml", "stages:\n  say:\n    cmd: echo ${word} one > said.txt\n    outs:\n    - said.txt\n");
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");
        Assert.Contains("is up to date", _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro").Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_repo, ".git", "ml", "pipeline-memo-1")), "the pipeline's parse is remembered");
        Assert.True(File.Exists(Path.Combine(_repo, ".git", "ml", "lock-memo-1")), "the lock file's parse is remembered");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Writes a file with the same old modification time every time: only its content can tell.</summary>
    private void Write(string relative, string content)
    {
        string path = Path.Combine(_repo, relative);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
    }

    private string DryRun() => _sandbox.GitMl(_repo, "repro", "--dry-run").EnsureSuccess("repro --dry-run").Stdout;

    [Fact]
    public void A_pipeline_rewritten_with_its_size_and_time_kept_is_read_again()
    {
        Write("ml.yaml", "stages:\n  say:\n    cmd: echo ${word} two > said.txt\n    outs:\n    - said.txt\n");
        Assert.Contains("its command changed", DryRun(), StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");
        Assert.Equal("aaa two\n", File.ReadAllText(Path.Combine(_repo, "said.txt")));
    }

    [Fact]
    public void A_params_file_rewritten_with_its_size_and_time_kept_is_read_again()
    {
        Write("params.yaml", "word: bbb\n");
        Assert.Contains("its command changed", DryRun(), StringComparison.Ordinal);
        _sandbox.GitMl(_repo, "repro").EnsureSuccess("repro");
        Assert.Equal("bbb one\n", File.ReadAllText(Path.Combine(_repo, "said.txt")));
    }

    [Fact]
    public void A_lock_file_rewritten_with_its_size_and_time_kept_is_read_again()
    {
        string lockFile = Path.Combine(_repo, "ml.lock");
        string text = File.ReadAllText(lockFile);
        Write("ml.lock", text.Replace("echo aaa one", "echo aaa 1ne", StringComparison.Ordinal));
        Assert.Contains("its command changed", DryRun(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_params_error_is_reported_every_time()
    {
        Write("params.yaml", "word: [aaa\n");
        var first = _sandbox.GitMl(_repo, "repro");
        var second = _sandbox.GitMl(_repo, "repro");
        Assert.NotEqual(0, first.ExitCode);
        Assert.Contains("params.yaml", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stderr, second.Stderr);
    }

    [Fact]
    public void Damaged_memos_are_ignored()
    {
        File.WriteAllText(Path.Combine(_repo, ".git", "ml", "pipeline-memo-1"), "git-ml parse memo 1\nnonsense");
        byte[] lockMemo = File.ReadAllBytes(Path.Combine(_repo, ".git", "ml", "lock-memo-1"));
        lockMemo[^20] ^= 0x01;
        File.WriteAllBytes(Path.Combine(_repo, ".git", "ml", "lock-memo-1"), lockMemo);
        Assert.Contains("is up to date", DryRun(), StringComparison.Ordinal);
        Assert.Contains("is up to date", DryRun(), StringComparison.Ordinal);
    }
}
