using GitMl.Storage.Adapters;

namespace GitMl.Storage.Tests.Adapters;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("7", 7)]
    [InlineData(" 0 ", 0)]
    [InlineData("Fri, 27 Nov 2026 12:00:30 GMT", 30)]
    [InlineData("Fri, 27 Nov 2026 11:00:00 GMT", 0)] // a date in the past means now
    public void Reads_seconds_and_dates(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHeader.Parse(value, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void Ignores_what_it_cannot_read(string? value) => Assert.Null(RetryAfterHeader.Parse(value, Now));
}
