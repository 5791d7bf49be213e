using System.Globalization;
using System.Text;

namespace GitMl.Git;

/// <summary>One entry of git's index (`git ls-files --stage`).</summary>
public sealed record IndexEntry(string Mode, string Oid, int Stage, string Path)
{
    public bool IsRegularFile => Mode is "100644" or "100755";

    /// <summary>
    /// The path's bytes as git holds them, when <see cref="Path"/> cannot stand for them: a name that is not valid
    /// UTF-8 decodes with U+FFFD in it, and .NET cannot open such a file by name. Git can, given these bytes on
    /// stdin. Null for every other path.
    /// </summary>
    public byte[]? RawPath { get; init; }

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
        ReadOnlySpan<byte> rest = git.Check(args).Stdout;
        while (rest.Length > 0)
        {
            int end = rest.IndexOf((byte)0);
            var record = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            // "<mode> <oid> <stage>\t<path>"
            int tab = record.IndexOf((byte)'\t');
            string[] meta = Encoding.ASCII.GetString(record[..tab]).Split(' ');
            var rawPath = record[(tab + 1)..];
            string path = Encoding.UTF8.GetString(rawPath);
            entries.Add(new IndexEntry(meta[0], meta[1], int.Parse(meta[2], CultureInfo.InvariantCulture), path)
            {
                RawPath = path.Contains('\uFFFD', StringComparison.Ordinal) ? rawPath.ToArray() : null,
            });
        }
        return entries;
    }
}
