using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A FIFO, a symbolic link or another special file where an object should be (in the local store, in a local
/// origin's store, in a directory remote) is refused with a clear error: never opened in a way that blocks, never
/// followed. Every command here runs under its own timeout, so a hang fails the test instead of the whole run.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Sandbox _sandbox = new();
    private readonly string _origin;
    private readonly string _storage;
    private readonly string _repo;
    private readonly string _sha;

    public SpecialFileTests()
    {
        _origin = _sandbox.CreateBareRemote();
        _storage = _sandbox.PathOf("storage");
        Directory.CreateDirectory(_storage);
        _repo = _sandbox.CreateRepository("a", _origin);
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _sandbox.GitMl(_repo, "remote", "add", "-d", "storage", _storage).EnsureSuccess("remote add");
        _sha = Files.WriteRandom(Path.Combine(_repo, "model.bin"), 40_000);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
        _sandbox.Git(_repo, "push", "-q", "origin", "main").EnsureSuccess("push");
    }

    public void Dispose() => _sandbox.Dispose();

    /// <summary>Runs a command, killing it (and failing the test) when it has not finished within the timeout.</summary>
    private ProcessResult RunBounded(string program, string cwd, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = _sandbox.Start(program, args, cwd, environment);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"'{program} {string.Join(' ', args)}' still ran after {Timeout.TotalSeconds} s: it hangs");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static void MakeFifo(string path)
    {
        if (File.Exists(path))
        {
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private string RemoteObject => Path.Combine(_storage, _sha[..2], _sha[2..4], _sha);

    private string CloneWithoutContent()
    {
        string clone = _sandbox.PathOf("clone");
        _sandbox.Run("git", ["clone", "-q", _origin, clone], _sandbox.Root, new Dictionary<string, string> { ["GIT_ML_SKIP_SMUDGE"] = "1" }).EnsureSuccess("clone");
        return clone;
    }

    [Fact]
    public void A_fifo_at_an_object_key_of_a_directory_remote_fails_pull_and_fsck_without_hanging()
    {
        string clone = CloneWithoutContent();
        MakeFifo(RemoteObject);

        var pull = RunBounded(Path.Combine(GitMlBinary.Directory, "git-ml"), clone, null, "pull");

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains(_sha, pull.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a regular file", pull.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("version ", File.ReadAllText(Path.Combine(clone, "model.bin")), StringComparison.Ordinal);

        var fsck = RunBounded(Path.Combine(GitMlBinary.Directory, "git-ml"), clone, null, "fsck", "--remote", "storage");
        Assert.Equal(1, fsck.ExitCode);
        Assert.Contains("not a regular file", fsck.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_at_an_object_key_of_a_directory_remote_is_not_followed()
    {
        string clone = CloneWithoutContent();
        string outside = _sandbox.PathOf("outside.bin");
        File.Copy(Files.ObjectPath(_repo, _sha), outside);
        File.SetAttributes(RemoteObject, FileAttributes.Normal);
        File.Delete(RemoteObject);
        File.CreateSymbolicLink(RemoteObject, outside);

        var pull = RunBounded(Path.Combine(GitMlBinary.Directory, "git-ml"), clone, null, "pull");

        Assert.NotEqual(0, pull.ExitCode);
        Assert.Contains("symbolic link", pull.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Files.ObjectPath(clone, _sha)));
    }

    [Fact]
    public void A_fifo_in_a_local_origins_store_fails_or_skips_the_clone_without_hanging()
    {
        MakeFifo(Files.ObjectPath(_repo, _sha));

        // Without the data remote, the origin's store is the only source: the clone cannot get the content.
        var clone = RunBounded("git", _sandbox.Root, null, "-c", "ml.fetchOnSmudge=false", "clone", "-q", _repo, _sandbox.PathOf("clone"));

        Assert.Contains("not a regular file", clone.Stderr, StringComparison.Ordinal);
        string file = _sandbox.PathOf("clone", "model.bin");
        Assert.True(!File.Exists(file) || File.ReadAllText(file).StartsWith("version ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fifo_in_the_local_store_fails_checkout_and_fsck_without_hanging()
    {
        MakeFifo(Files.ObjectPath(_repo, _sha));
        File.Delete(Path.Combine(_repo, "model.bin"));

        var checkout = RunBounded("git", _repo, null, "-c", "ml.fetchOnSmudge=false", "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("model.bin", checkout.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a regular file", checkout.Stderr, StringComparison.Ordinal);

        var fsck = RunBounded(Path.Combine(GitMlBinary.Directory, "git-ml"), _repo, null, "fsck");
        Assert.Equal(1, fsck.ExitCode);
        Assert.Contains("not a regular file", fsck.Stderr + fsck.Stdout, StringComparison.Ordinal);
    }
}
