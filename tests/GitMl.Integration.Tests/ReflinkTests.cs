using GitMl.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GitMl.Integration.Tests;

/// <summary>
/// On a copy-on-write file system git-ml's add and checkout of a large file share extents with the store instead of
/// copying them, and a write to the working file never reaches the stored object. Runs on a loop-mounted XFS image
/// made with reflink=1 where the machine allows it (root, mkfs.xfs, loop devices); elsewhere it passes after printing
/// why it did not run.
/// </summary>
public sealed class ReflinkTests(ITestOutputHelper output) : IDisposable
{
    private const int Large = 8 << 20;
    private readonly Sandbox _sandbox = new();
    private string? _mount;

    public void Dispose()
    {
        if (_mount is not null)
        {
            _sandbox.Run("umount", [_mount], _sandbox.Root);
        }
        _sandbox.Dispose();
    }

    /// <summary>Mounts a fresh XFS image with reflink=1, or returns why it cannot.</summary>
    private string? MountXfs()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "not root on Linux: no loop mount";
        }
        string image = _sandbox.PathOf("xfs.img");
        string mount = _sandbox.PathOf("xfs");
        Directory.CreateDirectory(mount);
        using (var file = File.Create(image))
        {
            file.SetLength(400L << 20);
        }
        ProcessResult mkfs;
        try
        {
            mkfs = _sandbox.Run("mkfs.xfs", ["-q", "-m", "reflink=1", image], _sandbox.Root);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "mkfs.xfs is missing (apt-get install xfsprogs)";
        }
        if (mkfs.ExitCode != 0)
        {
            return $"mkfs.xfs failed or is missing (apt-get install xfsprogs): {mkfs.Stderr.Trim()}";
        }
        var mounted = _sandbox.Run("mount", ["-o", "loop", image, mount], _sandbox.Root);
        if (mounted.ExitCode != 0)
        {
            return $"cannot loop-mount an XFS image here: {mounted.Stderr.Trim()}";
        }
        _mount = mount;
        return null;
    }

    /// <summary>Whether filefrag reports every extent of a file as shared with another file.</summary>
    private bool SharesExtents(string path)
    {
        var frag = _sandbox.Run("filefrag", ["-v", path], _sandbox.Root).EnsureSuccess("filefrag");
        var extents = frag.Stdout.Split('\n').Where(l => l.TrimStart().Length > 0 && char.IsDigit(l.TrimStart()[0]) && l.Contains(':')).ToList();
        return extents.Count > 0 && extents.All(l => l.Contains("shared", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_and_checkout_share_extents_with_the_store_and_a_write_to_the_file_never_changes_the_object()
    {
        if (MountXfs() is { } reason)
        {
            output.WriteLine($"skipped: {reason}");
            Console.WriteLine($"ReflinkTests skipped: {reason}");
            return;
        }
        string repo = _sandbox.CreateRepository(Path.Combine("xfs", "repo"));
        _sandbox.Git(repo, "config", "ml.largeCheckoutSize", "1m").EnsureSuccess("config");
        _sandbox.GitMl(repo, "track", "*.bin").EnsureSuccess("track");
        string file = Path.Combine(repo, "model.bin");
        string sha = Files.WriteRandom(file, Large, seed: 8);

        _sandbox.Git(repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(repo, "commit", "-qm", "data").EnsureSuccess("commit");
        string objectPath = Files.ObjectPath(repo, sha);
        Assert.Equal(sha, Files.Sha256(objectPath));
        Assert.True(SharesExtents(objectPath), "git add should clone the working file into the store");

        File.Delete(file);
        _sandbox.Git(repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");
        Assert.Equal(sha, Files.Sha256(file));
        Assert.True(SharesExtents(file), "checkout should clone the object into the working tree");
        Assert.Equal("", _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout);

        // A write in place to the working file gets blocks of its own: the object keeps its bytes.
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = Large / 2;
            stream.Write(new byte[4096]);
        }
        Assert.Equal(sha, Files.Sha256(objectPath));
        Assert.Equal(0, _sandbox.GitMl(repo, "fsck").ExitCode);
        Assert.Equal(" M model.bin\n", _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout);
    }
}
