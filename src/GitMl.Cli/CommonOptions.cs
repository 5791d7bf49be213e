using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GitMl.Cli;

/// <summary>Options and output helpers several verbs share.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON (for scripts) instead of text." };

    /// <summary>Prints a `--json` result (shapes in Json/JsonReports.cs, serializers generated in Json/CliJsonContext.cs).</summary>
    public static void WriteJson<T>(TextWriter output, T value, JsonTypeInfo<T> type) => output.WriteLine(JsonSerializer.Serialize(value, type));
}
