using GitMl.Storage.Local;

namespace GitMl.Storage.Tests.Local;

/// <summary>
/// How file-system errors become storage errors. Disk full and permission denied cannot be produced for real in a
/// test (no disk to fill; tests may run as root), so the mapping is checked on the exceptions .NET throws for
/// them: on Unix an IOException whose HResult is the errno, and UnauthorizedAccessException.
/// </summary>
public sealed class LocalFailuresTests
{
    private const string Store = "/mnt/usb/models";
    private const string File = "/mnt/usb/models/.tmp/1-2.tmp";

    [Theory] // Unix errno values (Linux and macOS agree on these)
    [InlineData(28, "no space left", "free some space", true)] // ENOSPC
    [InlineData(30, "read-only", "remount it read-write", true)] // EROFS
    [InlineData(27, "too large", "exFAT", false)] // EFBIG: this file only; smaller ones still fit
    public void Errors_a_retry_cannot_fix_are_not_transient_and_say_what_to_do(int errno, string what, string advice, bool wholeStore)
    {
        var e = LocalFailures.Map(new IOException("os message", errno), Store, "writing", File);

        Assert.False(e.IsTransient);
        Assert.Equal(wholeStore, e.AffectsWholeStore);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.Contains(advice, e.Message, StringComparison.Ordinal);
        Assert.Contains(File, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Store, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_is_not_transient_and_says_what_to_check()
    {
        var e = LocalFailures.Map(new UnauthorizedAccessException("Access to the path is denied."), Store, "writing", File);

        Assert.False(e.IsTransient);
        Assert.False(e.AffectsWholeStore); // may be one folder owned by someone else
        Assert.Contains("permission denied writing " + File, e.Message, StringComparison.Ordinal);
        Assert.Contains("ls -ld", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_input_output_errors_may_be_transient_and_keep_the_systems_words()
    {
        var inner = new IOException("Stale file handle", 116);

        var e = LocalFailures.Map(inner, Store, "reading", File);

        Assert.True(e.IsTransient);
        Assert.Contains("Stale file handle", e.Message, StringComparison.Ordinal);
        Assert.Contains(File, e.Message, StringComparison.Ordinal);
        Assert.Same(inner, e.InnerException);
    }
}
