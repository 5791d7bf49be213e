using System.Reflection;

namespace GitMl.Core.Tests;

/// <summary>The dependency rules of the architecture (docs: GUIDE.md section 2), enforced.</summary>
public sealed class ArchitectureTests
{
    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Fact]
    public void Core_references_no_command_line_parser_and_no_cloud_sdk()
    {
        var references = References(typeof(MlRepository).Assembly);
        Assert.DoesNotContain(references, r => r.StartsWith("System.CommandLine", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("AWSSDK", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Azure", StringComparison.Ordinal));
    }

    [Fact]
    public void Protocol_depends_on_nothing_but_the_runtime()
    {
        var references = References(typeof(Protocol.FilterProcess.FilterProcessServer).Assembly);
        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", $"GitMl.Protocol references {r}"));
    }

    [Fact]
    public void Protocol_code_never_touches_the_console_or_the_file_system()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "GitMl.Protocol");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains("Console.", StringComparison.Ordinal), $"{file} uses the console");
            Assert.False(text.Contains("File.", StringComparison.Ordinal) || text.Contains("Directory.", StringComparison.Ordinal), $"{file} uses the file system");
        }
    }

    [Fact]
    public void The_c_library_is_declared_once_in_storage_libc()
    {
        string root = Path.Combine(RepositoryRoot(), "src");
        string libc = Path.Combine(root, "GitMl.Storage", "IO", "Libc.cs");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && f != libc))
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains("LibraryImport(", StringComparison.Ordinal) || text.Contains("DllImport(", StringComparison.Ordinal),
                $"{file} declares a native call: add it to GitMl.Storage/IO/Libc.cs instead");
        }
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "GitMl.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
