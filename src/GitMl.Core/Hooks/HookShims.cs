namespace GitMl.Core.Hooks;

/// <summary>The shim scripts from the repository's hooks/ folder, embedded at build time.</summary>
public static class HookShims
{
    public static string Content(string hookName)
    {
        using var stream = typeof(HookShims).Assembly.GetManifestResourceStream("hooks/" + hookName)
            ?? throw new ArgumentException($"no shim for hook '{hookName}'", nameof(hookName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
