using System.CommandLine;
using System.Text;

namespace GitMl.Cli.Help;

/// <summary>
/// git-ml(1) in roff, generated from the help text (<see cref="HelpText"/>): git answers `git ml --help` with
/// `man git-ml`, so install/install.sh writes this page where man finds it (PREFIX/share/man/man1), as git-lfs
/// ships its pages. Help text is kept as written (no-fill), escaped so no line is read as a roff request.
/// </summary>
public static class ManPage
{
    public static string Render(RootCommand root, string version)
    {
        var sb = new StringBuilder();
        sb.Append(".TH GIT-ML 1 \"\" \"git-ml ").Append(Escape(version)).Append("\" \"Git Manual\"\n");
        sb.Append(".SH NAME\ngit-ml \\- version code, data, models and experiments together, inside Git\n");
        sb.Append(".SH SYNOPSIS\n.B git ml\n.I command\n[options]\n");
        sb.Append(".SH DESCRIPTION\n");
        Preformatted(sb, HelpText.Overview(root));
        sb.Append(".SH COMMANDS\n");
        foreach (string[] path in HelpText.Paths(root))
        {
            sb.Append(".SS \"git ml ").Append(Escape(string.Join(' ', path))).Append("\"\n");
            Preformatted(sb, HelpText.Of(root, path));
        }
        sb.Append(".SH SEE ALSO\n");
        sb.Append("git(1), gitattributes(5), githooks(5). The documentation in the docs/ folder of git-ml's source.\n");
        return sb.ToString();
    }

    private static void Preformatted(StringBuilder sb, string text)
    {
        sb.Append(".nf\n");
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            string escaped = Escape(line);
            sb.Append(escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" : "").Append(escaped).Append('\n');
        }
        sb.Append(".fi\n");
    }

    /// <summary>Backslashes as \e and hyphens as \- (an ASCII minus, so options copy and paste), per man-pages(7).</summary>
    private static string Escape(string text) => text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
}
