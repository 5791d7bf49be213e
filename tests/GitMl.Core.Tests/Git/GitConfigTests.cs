using GitMl.Git;

namespace GitMl.Core.Tests.Git;

public class GitConfigTests
{
    /// <summary>
    /// Byte for byte what git 2.39 prints for `git config -z --list --file` over a file with a bare boolean
    /// (`bare`), mixed-case names, a subsection with dots, a repeated key, an empty value and a value holding a
    /// newline.
    /// </summary>
    private const string GitOutput =
        "core.bare\0" +
        "core.editor\nvim\0" +
        "filter.ML.process\ngit-ml filter-process\0" +
        "filter.ML.required\ntrue\0" +
        "remote.Origin.Main.url\n/a\0" +
        "remote.Origin.Main.url\n/b\0" +
        "empty.value\n\0" +
        "multi.line\none\ntwo\0";

    [Fact]
    public void Parses_the_output_of_git_config_z_list()
    {
        var config = GitConfig.Parse(GitOutput);

        Assert.Equal("vim", config.Get("core.editor"));
        Assert.Equal("git-ml filter-process", config.Get("filter.ML.process"));
        Assert.Equal("true", config.Get("filter.ML.required"));
        Assert.Equal("", config.Get("empty.value"));
        Assert.Equal("one\ntwo", config.Get("multi.line"));
        Assert.Equal(
            ["core.bare", "core.editor", "filter.ML.process", "filter.ML.required", "remote.Origin.Main.url", "empty.value", "multi.line"],
            config.Keys);
    }

    [Fact]
    public void A_key_without_a_value_is_true()
    {
        var config = GitConfig.Parse(GitOutput);

        Assert.Equal("true", config.Get("core.bare"));
        Assert.True(GitConfig.ParseBool(config.Get("core.bare")!));
    }

    [Fact]
    public void An_empty_value_is_false_not_missing()
    {
        var config = GitConfig.Parse(GitOutput);

        Assert.False(GitConfig.ParseBool(config.Get("empty.value")!));
    }

    [Fact]
    public void The_last_value_wins_and_all_values_are_kept_in_order()
    {
        var config = GitConfig.Parse(GitOutput);

        Assert.Equal("/b", config.Get("remote.Origin.Main.url"));
        Assert.Equal(["/a", "/b"], config.GetAll("remote.Origin.Main.url"));
    }

    [Fact]
    public void Lookups_ignore_the_case_of_section_and_name_but_not_of_the_subsection()
    {
        var config = GitConfig.Parse(GitOutput);

        Assert.Equal("vim", config.Get("CORE.Editor"));
        Assert.Equal("git-ml filter-process", config.Get("Filter.ML.PROCESS"));
        Assert.Null(config.Get("filter.ml.process"));
        Assert.Equal(["/a", "/b"], config.GetAll("REMOTE.Origin.Main.URL"));
        Assert.Empty(config.GetAll("remote.origin.main.url"));
    }

    [Fact]
    public void Keys_are_normalised_when_parsed_too()
    {
        // `git config --list` already lower-cases, but other sources (and older gits) may not.
        var config = GitConfig.Parse("Core.AutoCRLF\nfalse\0FILTER.Ml.Clean\nx\0");

        Assert.Equal(["core.autocrlf", "filter.Ml.clean"], config.Keys);
        Assert.Equal("false", config.Get("core.autocrlf"));
        Assert.Equal("x", config.Get("filter.Ml.clean"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0")]
    [InlineData("\0\0\0")]
    public void Empty_output_is_an_empty_config(string output)
    {
        var config = GitConfig.Parse(output);

        Assert.Empty(config.Keys);
        Assert.Null(config.Get("core.bare"));
        Assert.Empty(config.GetAll("core.bare"));
    }

    [Fact]
    public void Output_without_a_final_nul_still_parses_the_last_entry()
    {
        var config = GitConfig.Parse("a.b\n1\0c.d\n2");

        Assert.Equal("2", config.Get("c.d"));
    }

    [Fact]
    public void Empty_is_empty()
    {
        Assert.Empty(GitConfig.Empty.Keys);
        Assert.Null(GitConfig.Empty.Get("a.b"));
    }

    [Theory]
    [InlineData("core.editor", "core.editor")]
    [InlineData("Core.Editor", "core.editor")]
    [InlineData("CORE", "core")]
    [InlineData("filter.ML.Process", "filter.ML.process")]
    [InlineData("FILTER.ML.PROCESS", "filter.ML.process")]
    [InlineData("remote.Origin.Main.URL", "remote.Origin.Main.url")]
    [InlineData("Remote.a.B.c.D.Url", "remote.a.B.c.D.url")]
    [InlineData("branch.Feature/X.Remote", "branch.Feature/X.remote")]
    public void NormaliseKey_lowercases_section_and_name_and_keeps_the_subsection(string key, string expected)
    {
        Assert.Equal(expected, GitConfig.NormaliseKey(key));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("1", true)]
    [InlineData(" true ", true)]
    [InlineData("false", false)]
    [InlineData("No", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    [InlineData("2", true)]
    [InlineData("-1", true)]
    [InlineData("10", true)]
    [InlineData("00", false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    public void ParseBool_accepts_gits_spellings(string value, bool expected)
    {
        Assert.Equal(expected, GitConfig.ParseBool(value));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("truee")]
    [InlineData("y")]
    [InlineData("enabled")]
    public void ParseBool_returns_null_for_other_words(string value)
    {
        Assert.Null(GitConfig.ParseBool(value));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData("1k", 1024L)]
    [InlineData("1K", 1024L)]
    [InlineData("500k", 500L * 1024)]
    [InlineData("1m", 1024L * 1024)]
    [InlineData("1M", 1024L * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("3G", 3L * 1024 * 1024 * 1024)]
    [InlineData(" 2m ", 2L * 1024 * 1024)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("8589934591g", 8589934591L * 1024 * 1024 * 1024)]
    public void ParseSize_reads_numbers_with_k_m_g_suffixes(string value, long expected)
    {
        Assert.Equal(expected, GitConfig.ParseSize(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("abc")]
    [InlineData("1t")]
    [InlineData("1kb")]
    [InlineData("1.5m")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1 k")]
    [InlineData("0x10")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    [InlineData("8589934592g")]
    [InlineData("9007199254740992k")]
    [InlineData("99999999999999999999g")]
    public void ParseSize_returns_null_for_garbage_and_overflow(string value)
    {
        Assert.Null(GitConfig.ParseSize(value));
    }

    [Fact]
    public void OverriddenBy_replaces_whole_keys_and_keeps_the_rest()
    {
        var committed = GitConfig.Parse("remote.s3.url\ns3://a\0remote.s3.url\ns3://b\0ml.threshold\n1m\0");
        var local = GitConfig.Parse("remote.s3.url\ns3://mine\0core.bare\0");

        var merged = committed.OverriddenBy(local);

        Assert.Equal(["s3://mine"], merged.GetAll("remote.s3.url"));
        Assert.Equal("1m", merged.Get("ml.threshold"));
        Assert.Equal("true", merged.Get("core.bare"));
        // The inputs are unchanged.
        Assert.Equal(["s3://a", "s3://b"], committed.GetAll("remote.s3.url"));
        Assert.Null(local.Get("ml.threshold"));
    }

    [Theory]
    [InlineData(GitConfigScope.Local, "--local")]
    [InlineData(GitConfigScope.Global, "--global")]
    [InlineData(GitConfigScope.System, "--system")]
    public void ScopeFlag_names_the_scope(GitConfigScope scope, string flag)
    {
        Assert.Equal(flag, GitConfig.ScopeFlag(scope));
    }

    [Fact]
    public void ScopeFlag_rejects_the_effective_config()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GitConfig.ScopeFlag(GitConfigScope.Effective));
    }
}
