using System.CommandLine;
using System.Text.Json;

namespace GitMl.Cli;

/// <summary>Options and output helpers several verbs share.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON (for scripts) instead of text." };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
