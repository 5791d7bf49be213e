using System.Text;

namespace GitMl.Git;

/// <summary>What a git process returned.</summary>
public sealed record GitResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Stdout split on NUL, as printed by git's -z options, without the empty tail.</summary>
    public string[] NulSeparated()
    {
        string text = StdoutText;
        return text.Length == 0 ? [] : text.TrimEnd('\0').Split('\0');
    }

    /// <summary>Stdout split into lines without their LF, without the empty tail.</summary>
    public string[] Lines() => StdoutText.Length == 0 ? [] : StdoutText.TrimEnd('\n').Split('\n');
}
