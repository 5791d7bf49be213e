using System.Diagnostics;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// Large checkouts that copy a verified object without hashing it again and refresh the index without a second pass
/// over the file: every way of changing the object or the working file behind git-ml's back must still show.
/// The object is larger than the store's in-memory limit (1 MiB), so its stamp is remembered.
/// </summary>
public sealed class VerifiedCheckoutTests : IDisposable
{
    private const int Large = 3 << 20;
    private readonly Sandbox _sandbox = new();
    private readonly string _repo;
    private readonly string _file;
    private readonly string _sha;

    public VerifiedCheckoutTests()
    {
        _repo = _sandbox.CreateRepository();
        _sandbox.Git(_repo, "config", "ml.largeCheckoutSize", "100k").EnsureSuccess("config");
        _sandbox.GitMl(_repo, "track", "*.bin").EnsureSuccess("track");
        _file = Path.Combine(_repo, "model.bin");
        _sha = Files.WriteRandom(_file, Large, seed: 5);
        _sandbox.Git(_repo, "add", ".").EnsureSuccess("add");
        _sandbox.Git(_repo, "commit", "-qm", "data").EnsureSuccess("commit");
    }

    public void Dispose() => _sandbox.Dispose();

    private string Status(string repo) => _sandbox.Git(repo, "status", "--porcelain").EnsureSuccess("status").Stdout;

    private void Touch(params string[] args) => _sandbox.Run("touch", args, _repo).EnsureSuccess("touch");

    /// <summary>Changes one byte in place and puts the mtime back exactly, as a tool that keeps times would.</summary>
    private void FlipOneByteKeepingMtime(string path)
    {
        string reference = _sandbox.PathOf("reference");
        File.WriteAllText(reference, "");
        Touch("-r", path, reference);
        Files.FlipOneByte(path);
        Touch("-r", reference, path);
    }

    private void CheckOutAfresh()
    {
        File.Delete(_file);
        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin").EnsureSuccess("checkout");
        Assert.Contains("materialised 1 file(s)", checkout.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_checkouts_give_the_object_s_bytes_and_a_clean_refreshed_index()
    {
        for (int i = 0; i < 3; i++)
        {
            CheckOutAfresh();
            Assert.Equal(_sha, Files.Sha256(_file));
            Assert.Equal("", Status(_repo));
            // Refreshed for real: git compares stat data only and finds nothing to look at.
            Assert.Equal(0, _sandbox.Git(_repo, "diff-files", "--quiet").ExitCode);
        }
    }

    [Fact]
    public void An_object_changed_in_place_with_its_mtime_restored_fails_the_checkout()
    {
        CheckOutAfresh(); // The object is known as verified now.
        FlipOneByteKeepingMtime(Files.ObjectPath(_repo, _sha));
        File.Delete(_file);

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("corrupt", checkout.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("version https://git-ml.dev/spec/v1\n", File.ReadAllText(_file), StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_replaced_by_a_rename_with_the_same_size_and_mtime_fails_the_checkout()
    {
        CheckOutAfresh();
        string objectPath = Files.ObjectPath(_repo, _sha);
        string other = objectPath + ".other";
        Files.WriteRandom(other, Large, seed: 6);
        Touch("-r", objectPath, other);
        File.Move(other, objectPath, overwrite: true);
        File.Delete(_file);

        var checkout = _sandbox.Git(_repo, "checkout", "--", "model.bin");

        Assert.NotEqual(0, checkout.ExitCode);
        Assert.Contains("corrupt", checkout.Stderr, StringComparison.Ordinal);
    }

    /// <remarks>
    /// In a later second than the checkout: git (built without USE_NSEC, as Debian's is) compares times to the second,
    /// and the hook dates the file a second back so git does not take it for racily clean; a change within the same
    /// second that also restores the mtime exactly is below what git's stat check can see (docs/hooks.md).
    /// </remarks>
    [Fact]
    public void A_checked_out_file_changed_in_place_with_size_and_mtime_kept_shows_as_modified()
    {
        CheckOutAfresh();
        Thread.Sleep(1100);
        FlipOneByteKeepingMtime(_file);

        Assert.Equal(" M model.bin\n", Status(_repo));
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add");
        Assert.Equal("M  model.bin\n", Status(_repo));
    }

    [Fact]
    public void A_file_renamed_over_a_checked_out_file_with_size_and_mtime_kept_shows_as_modified()
    {
        CheckOutAfresh();
        string other = Path.Combine(_repo, "other.tmp");
        Files.WriteRandom(other, Large, seed: 7);
        Touch("-r", _file, other);
        File.Move(other, _file, overwrite: true);

        Assert.Equal(" M model.bin\n", Status(_repo));
    }

    [Fact]
    public void Adding_the_file_again_keeps_the_object_known_as_verified_and_a_checkout_after_it_is_correct()
    {
        CheckOutAfresh();
        File.SetLastWriteTimeUtc(_file, DateTime.UtcNow);
        _sandbox.Git(_repo, "add", "model.bin").EnsureSuccess("add"); // Freshens the present object.
        CheckOutAfresh();
        Assert.Equal(_sha, Files.Sha256(_file));
        Assert.Equal("", Status(_repo));
    }

    [Fact]
    public void Fsck_still_reads_an_object_known_as_verified()
    {
        CheckOutAfresh();
        FlipOneByteKeepingMtime(Files.ObjectPath(_repo, _sha));

        var fsck = _sandbox.GitMl(_repo, "fsck");

        Assert.NotEqual(0, fsck.ExitCode);
        Assert.Contains(_sha, fsck.Stdout + fsck.Stderr, StringComparison.Ordinal);
    }
}
