using System.Runtime.InteropServices;
using System.Text.Json;
using GitMl.Cli.Commands;

namespace GitMl.Cli.Tests;

public sealed class VersionTests : IDisposable
{
    private readonly TempDirectory _folder = new("cli-version");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Version_prints_one_line_with_the_runtime_and_the_system()
    {
        var result = new CliHarness(_folder.Path).Run("version");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"git-ml {VersionCommand.Version} (.NET {Environment.Version}; {RuntimeInformation.OSDescription})\n", result.Out);
        Assert.Equal("", result.Error);
        Assert.NotEqual("unknown", VersionCommand.Version);
    }

    [Fact]
    public void Version_json_is_one_document_with_version_runtime_and_os()
    {
        var result = new CliHarness(_folder.Path).Run("version", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        string expected = "{\n" +
            $"  \"version\": {JsonSerializer.Serialize(VersionCommand.Version)},\n" +
            $"  \"runtime\": {JsonSerializer.Serialize($".NET {Environment.Version}")},\n" +
            $"  \"os\": {JsonSerializer.Serialize(RuntimeInformation.OSDescription)}\n" +
            "}\n";
        Assert.Equal(expected, result.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal(VersionCommand.Version, document.RootElement.GetProperty("version").GetString());
    }
}
