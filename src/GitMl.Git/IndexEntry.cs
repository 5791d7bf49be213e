using System.Globalization;

namespace GitMl.Git;

/// <summary>One entry of git's index (`git ls-files --stage`).</summary>
public sealed record IndexEntry(string Mode, string Oid, int Stage, string Path)
{
    public bool IsRegularFile => Mode is "100644" or "100755";

    /// <summary>Every entry of the index, optionally limited to pathspecs.</summary>
    public static List<IndexEntry> ReadAll(GitCli git, IEnumerable<string>? pathspecs = null)
    {
        var args = new List<string> { "ls-files", "--stage", "-z" };
        if (pathspecs is not null)
        {
            args.Add("--");
            args.AddRange(pathspecs);
        }
        var entries = new List<IndexEntry>();
        foreach (string record in git.Check(args).NulSeparated())
        {
            // "<mode> <oid> <stage>\t<path>"
            int tab = record.IndexOf('\t', StringComparison.Ordinal);
            string[] meta = record[..tab].Split(' ');
            entries.Add(new IndexEntry(meta[0], meta[1], int.Parse(meta[2], CultureInfo.InvariantCulture), record[(tab + 1)..]));
        }
        return entries;
    }
}
