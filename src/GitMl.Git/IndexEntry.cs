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
        return Parse(git.Check(args).Stdout);
    }

    /// <summary>
    /// Parses `git ls-files --stage -z`: records "&lt;mode&gt; &lt;oid&gt; &lt;stage&gt;\t&lt;path&gt;" separated by NUL. Read over the
    /// bytes: per entry only its oid and path become strings (the common modes are shared), since status parses
    /// 10,000 of them on every run.
    /// </summary>
    public static List<IndexEntry> Parse(ReadOnlySpan<byte> output)
    {
        var entries = new List<IndexEntry>(output.Length / 90);
        var rest = output;
        while (rest.Length > 0)
        {
            int end = rest.IndexOf((byte)0);
            var record = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            int tab = record.IndexOf((byte)'\t');
            int firstSpace = record.IndexOf((byte)' ');
            int lastSpace = tab < 0 ? -1 : record[..tab].LastIndexOf((byte)' ');
            if (tab < 0 || firstSpace < 0 || lastSpace <= firstSpace || lastSpace != tab - 2 || record[tab - 1] is < (byte)'0' or > (byte)'3')
            {
                throw new FormatException($"unexpected `git ls-files --stage` record: {Encoding.UTF8.GetString(record)}");
            }
            var mode = record[..firstSpace];
            var rawPath = record[(tab + 1)..];
            string path = Encoding.UTF8.GetString(rawPath);
            entries.Add(new IndexEntry(ModeString(mode), Encoding.ASCII.GetString(record[(firstSpace + 1)..lastSpace]), record[tab - 1] - '0', path)
            {
                RawPath = path.Contains('\uFFFD', StringComparison.Ordinal) ? rawPath.ToArray() : null,
            });
        }
        return entries;
    }

    private static string ModeString(ReadOnlySpan<byte> mode) =>
        mode.SequenceEqual("100644"u8) ? "100644"
        : mode.SequenceEqual("100755"u8) ? "100755"
        : mode.SequenceEqual("120000"u8) ? "120000"
        : mode.SequenceEqual("160000"u8) ? "160000"
        : Encoding.ASCII.GetString(mode);
}
