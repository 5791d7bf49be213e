using System.ComponentModel;
using System.Text.Json;

namespace GitMl.Core.Tests;

/// <summary>
/// Messages as users read them. The published git-ml uses UseSystemResourceKeys, so the runtime's own messages are
/// resource keys there; these tests build such messages by hand, as the runtime would.
/// </summary>
public sealed class UserMessageTests
{
    [Fact]
    public void Our_sentences_pass_unchanged()
    {
        Assert.Equal("no data remote named 'x' (configured: none)", UserMessage.Of(new ArgumentException("no data remote named 'x' (configured: none)")));
    }

    [Theory]
    [InlineData(" (Parameter 'Container')")]
    [InlineData(" Arg_ParamName_Name, Container")]
    public void The_parameter_name_ArgumentException_appends_is_dropped(string suffix)
    {
        string parameter = "Container";
        var e = new FakeArgumentException("Azure container names have 3 to 63 characters (got 'C_')." + suffix, parameter);

        Assert.Equal("Azure container names have 3 to 63 characters (got 'C_').", UserMessage.Of(e));
    }

    [Theory]
    [InlineData("IO_FileNotFound_FileName, /a/b", "'/a/b' does not exist")]
    [InlineData("UnauthorizedAccess_IODenied_Path, /a/b", "permission denied: '/a/b'")]
    [InlineData("IO_PathNotFound_Path, /a/b", "a folder on the path '/a/b' does not exist")]
    [InlineData("Argument_EmptyOrWhiteSpaceString", "an argument is not valid")]
    [InlineData("net_http_client_execution_error", "an argument is not valid")]
    [InlineData("ErrorStartingProcess, git, /tmp, No such file or directory", "an argument is not valid")]
    public void Resource_keys_become_sentences(string key, string sentence)
    {
        string message = UserMessage.Of(key.StartsWith("IO_File", StringComparison.Ordinal) ? new FileNotFoundException(key)
            : key.StartsWith("Unauthorized", StringComparison.Ordinal) ? new UnauthorizedAccessException(key)
            : key.StartsWith("IO_Path", StringComparison.Ordinal) ? new DirectoryNotFoundException(key)
            : new ArgumentException(key));

        Assert.Equal(sentence, message);
    }

    [Fact]
    public void Json_errors_give_the_position_not_the_runtime_message()
    {
        var e = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\n  \"a\": x\n}"));

        Assert.Equal("not valid JSON (line 2, position 8)", UserMessage.Of(e));
    }

    [Fact]
    public void A_process_that_cannot_start_is_told_in_the_systems_words()
    {
        var e = new Win32Exception(2, "ErrorStartingProcess, nosuch, /tmp, No such file or directory");

        Assert.Equal("No such file or directory", UserMessage.Of(e));
    }

    /// <summary>An ArgumentException whose Message is given whole, as the runtime composes it with the parameter name.</summary>
    private sealed class FakeArgumentException(string message, string paramName) : ArgumentException("unused", paramName)
    {
        public override string Message { get; } = message;
    }
}
