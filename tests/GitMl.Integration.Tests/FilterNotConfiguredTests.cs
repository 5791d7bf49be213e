using System.Text.RegularExpressions;
using GitMl.Integration.Tests.Infrastructure;

namespace GitMl.Integration.Tests;

/// <summary>
/// A clone where git-ml's filter is not configured (`git ml install` never ran for this user, or a fresh HOME):
/// git leaves pointers in the working tree and would commit content raw. git-ml's commands and hooks say so and
/// give the fix, and never report files as written when they are still pointers.
/// </summary>
public sealed partial class FilterNotConfiguredTests : IDisposable
{
    private readonly Sandbox _sandbox = new();
    private readonly string _clone;
    private readonly string _sha;

    public FilterNotConfiguredTests()
    {
        string origin = _sandbox.CreateRepository("origin");
        _sandbox.GitMl(origin, "track", "data/**").EnsureSuccess("track");
        _sha = Files.WriteRandom(Path.Combine(origin, "data", "model.bin"), 5_000, seed: 7);
        _sandbox.GitMl(origin, "remote", "add", "-d", "store", _sandbox.PathOf("store")).EnsureSuccess("remote add");
        _sandbox.Git(origin, "add", ".").EnsureSuccess("add");
        _sandbox.Git(origin, "commit", "-qm", "data").EnsureSuccess("commit");
        _sandbox.GitMl(origin, "push").EnsureSuccess("push");
        // From here on this user has no git-ml filter in any git config.
        _sandbox.GitMl(_sandbox.Root, "uninstall", "--global").EnsureSuccess("uninstall");
        _clone = _sandbox.PathOf("clone");
        _sandbox.Git(_sandbox.Root, "clone", "-q", origin, _clone).EnsureSuccess("clone");
        Assert.True(IsPointer(), "the test's premise: without the filter, the clone holds a pointer");
    }

    public void Dispose() => _sandbox.Dispose();

    private string File => Path.Combine(_clone, "data", "model.bin");

    private bool IsPointer() => System.IO.File.ReadAllText(File).StartsWith("version https://git-ml.dev/spec/", StringComparison.Ordinal);

    [GeneratedRegex(@"[Mm]aterialised [1-9]")]
    private static partial Regex ClaimsWritten();

    [Fact]
    public void Pull_says_the_filter_is_not_configured_gives_the_fix_and_claims_nothing()
    {
        var pull = _sandbox.GitMl(_clone, "pull");

        Assert.True(IsPointer());
        Assert.DoesNotMatch(ClaimsWritten(), pull.Stdout + pull.Stderr);
        Assert.Contains("git ml install", pull.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, pull.ExitCode);

        // The fix it names works.
        _sandbox.GitMl(_clone, "install").EnsureSuccess("install");
        var again = _sandbox.GitMl(_clone, "pull").EnsureSuccess("pull after install");
        Assert.Contains("Materialised 1 file(s)", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(_sha, Files.Sha256(File));
    }

    [Fact]
    public void Status_says_the_filter_is_not_configured_and_gives_the_fix()
    {
        var status = _sandbox.GitMl(_clone, "status", "--local-only");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("git ml install", status.Stderr, StringComparison.Ordinal);
        Assert.Contains("filter", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_post_checkout_hook_says_the_filter_is_not_configured_and_claims_nothing()
    {
        // Hooks in place (from an earlier install in this clone) but no filter in any git config.
        _sandbox.GitMl(_clone, "install", "--local").EnsureSuccess("install");
        _sandbox.Git(_clone, "config", "--local", "--remove-section", "filter.ml").EnsureSuccess("remove the filter");
        _sandbox.GitMl(_clone, "fetch").EnsureSuccess("fetch"); // the content is in the store: only the filter is missing

        var checkout = _sandbox.Git(_clone, "checkout", "-q", "-b", "other");

        Assert.Equal(0, checkout.ExitCode);
        Assert.True(IsPointer());
        Assert.DoesNotMatch(ClaimsWritten(), checkout.Stdout + checkout.Stderr);
        Assert.Contains("git ml install", checkout.Stderr, StringComparison.Ordinal);
    }
}
