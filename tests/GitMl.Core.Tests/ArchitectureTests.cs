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

    /// <summary>
    /// Core asks git through GitMl.Git's typed methods and never runs git itself: no call of GitCli's Run, Check,
    /// Start or RunInteractive and no use of GitCli.WithoutMlFilter, in any method of the Core assembly (lambdas,
    /// iterators and async methods included, since they compile to methods of nested types). The compiled code is
    /// read rather than the source, so no spelling (a local named differently, a method group) slips through: every
    /// 4-byte token in each method body is resolved, and the Core module can only resolve a GitCli member it refers to.
    /// </summary>
    [Fact]
    public void Core_runs_no_git_command_itself_only_through_GitMl_Git()
    {
        var offenders = GitCliUses(typeof(MlRepository).Assembly, out int uses, out int typedCalls);
        // The scan is not vacuous: it read Core's method bodies and saw the typed calls Core makes into GitMl.Git...
        Assert.True(uses > 1000, $"only {uses} member uses found in GitMl.Core");
        Assert.True(typedCalls > 50, $"only {typedCalls} uses of GitMl.Git found in GitMl.Core");
        // ...and it does see GitCli's methods where they are called (GitMl.Git itself).
        Assert.Contains(GitCliUses(typeof(GitMl.Git.GitCli).Assembly, out _, out _), o => o.StartsWith("GitMl.Git.GitRefs.", StringComparison.Ordinal) && o.EndsWith("GitCli.Run", StringComparison.Ordinal));
        Assert.True(offenders.Count == 0, "Core must ask git through a typed method of GitMl.Git (GitRefs, GitIndex, GitNotes...), not run it itself:\n" + string.Join("\n", offenders));
    }

    /// <summary>The methods of <paramref name="assembly"/> that run git themselves ("Type.Method uses GitCli.Run").</summary>
    private static List<string> GitCliUses(Assembly assembly, out int uses, out int typedCalls)
    {
        string[] forbidden = ["Run", "Check", "Start", "RunInteractive", "WithoutMlFilter"];
        var gitCli = typeof(GitMl.Git.GitCli);
        var offenders = new List<string>();
        uses = 0;
        typedCalls = 0;
        foreach (var (method, member) in MembersUsed(assembly))
        {
            if (member is null)
            {
                continue;
            }
            uses++;
            if (member.DeclaringType == gitCli && forbidden.Contains(member.Name))
            {
                offenders.Add($"{method.DeclaringType?.FullName}.{method.Name} uses GitCli.{member.Name}");
            }
            else if (member?.DeclaringType is { } type && type.Assembly == gitCli.Assembly && type != gitCli)
            {
                typedCalls++;
            }
        }
        return [.. offenders.Distinct()];
    }

    /// <summary>Each member reference found in the method bodies of <paramref name="assembly"/> (null where a token did not resolve).</summary>
    private static IEnumerable<(MethodBase Method, MemberInfo? Member)> MembersUsed(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }
                var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
                var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
                for (int i = 0; i + 4 <= il.Length; i++)
                {
                    int token = BitConverter.ToInt32(il, i);
                    // Method definitions (0x06), field definitions (0x04), member references (0x0A), method specs (0x2B).
                    if ((token >> 24) is not (0x06 or 0x04 or 0x0A or 0x2B) || (token & 0xFFFFFF) == 0)
                    {
                        continue;
                    }
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
                    {
                        member = null;
                    }
                    yield return (method, member);
                }
            }
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
