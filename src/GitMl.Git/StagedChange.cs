using System.Text;

namespace GitMl.Git;

/// <summary>A path whose staged content differs from HEAD (added, modified or with a changed type).</summary>
public sealed record StagedChange(char Status, string NewMode, string NewOid, string Path)
{
    /// <summary>
    /// What `git commit` would add or change, compared with HEAD (or the empty tree before the first commit), every path
    /// from the top of the working tree whatever folder git runs in (--no-relative overrides a diff.relative setting).
    /// </summary>
    public static List<StagedChange> ReadAll(GitCli git) =>
        Parse(git.Check(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--no-relative", "--diff-filter=AMT"]).Stdout);

    /// <summary>
    /// Parses `git diff --raw -z --no-renames`: records come in pairs, ":&lt;old mode&gt; &lt;new mode&gt; &lt;old oid&gt; &lt;new oid&gt;
    /// &lt;status&gt;" NUL path NUL. Read over the bytes (a commit of 5,000 files parses 5,000 of them in its pre-commit hook):
    /// per change only the new oid and the path become strings.
    /// </summary>
    public static List<StagedChange> Parse(ReadOnlySpan<byte> output)
    {
        var changes = new List<StagedChange>();
        var rest = output;
        while (rest.Length > 0)
        {
            var meta = Next(ref rest);
            if (rest.Length == 0 && meta.Length == 0)
            {
                break;
            }
            var path = Next(ref rest);
            if (meta.Length > 0 && meta[0] == (byte)':')
            {
                meta = meta[1..];
            }
            // Five space-separated fields: old mode, new mode, old oid, new oid, status (a letter, maybe a score).
            var record = meta;
            var oldMode = Field(ref record);
            var newMode = Field(ref record);
            var oldOid = Field(ref record);
            var newOid = Field(ref record);
            var status = record;
            if (oldMode.Length == 0 || newMode.Length == 0 || oldOid.Length == 0 || newOid.Length == 0 || status.Length == 0 || status.Contains((byte)' '))
            {
                throw new FormatException($"unexpected `git diff --raw` record: {Encoding.UTF8.GetString(meta)}");
            }
            changes.Add(new StagedChange((char)status[0], Mode(newMode), Encoding.ASCII.GetString(newOid), Encoding.UTF8.GetString(path)));
        }
        return changes;
    }

    private static ReadOnlySpan<byte> Field(ref ReadOnlySpan<byte> rest)
    {
        int space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            return [];
        }
        var field = rest[..space];
        rest = rest[(space + 1)..];
        return field;
    }

    private static ReadOnlySpan<byte> Next(ref ReadOnlySpan<byte> rest)
    {
        int end = rest.IndexOf((byte)0);
        var field = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[(end + 1)..];
        return field;
    }

    private static string Mode(ReadOnlySpan<byte> mode) =>
        mode.SequenceEqual("100644"u8) ? "100644"
        : mode.SequenceEqual("100755"u8) ? "100755"
        : Encoding.ASCII.GetString(mode);
}
