using System.Text;

namespace GitMl.Git;

/// <summary>A path whose staged content differs from HEAD (added, modified or with a changed type).</summary>
/// <param name="NewOid">The staged blob, as bytes (<see cref="GitOid"/>): a commit of 5,000 pointers looks each up in
/// the pointer cache by its bytes and never needs its text.</param>
public sealed record StagedChange(char Status, string NewMode, GitOid NewOid, string Path)
{
    private static readonly string[] DiffArguments =
        ["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--no-relative", "--diff-filter=AMT"];

    /// <summary>
    /// What `git commit` would add or change, compared with HEAD (or the empty tree before the first commit), every path
    /// from the top of the working tree whatever folder git runs in (--no-relative overrides a diff.relative setting).
    /// Parsed as git writes it, through one pooled buffer (<see cref="GitCli.CheckStreaming"/>): the whole output of a
    /// 5,000-file commit, copied as it grew, was most of the hook's fresh memory, each page a fault.
    /// </summary>
    public static List<StagedChange> ReadAll(GitCli git)
    {
        var changes = new List<StagedChange>();
        git.CheckStreaming(DiffArguments, (unread, ended) => ParseRecords(unread, ended, changes));
        return changes;
    }

    /// <summary>
    /// Parses `git diff --raw -z --no-renames`: records come in pairs, ":&lt;old mode&gt; &lt;new mode&gt; &lt;old oid&gt; &lt;new oid&gt;
    /// &lt;status&gt;" NUL path NUL. Read over the bytes: per change only the path becomes a string.
    /// </summary>
    public static List<StagedChange> Parse(ReadOnlySpan<byte> output)
    {
        var changes = new List<StagedChange>();
        ParseRecords(output, ended: true, changes);
        return changes;
    }

    /// <summary>Parses the whole records at the front of <paramref name="output"/> into <paramref name="changes"/> and
    /// returns how many bytes they took; once the output <paramref name="ended"/>, everything.</summary>
    private static int ParseRecords(ReadOnlySpan<byte> output, bool ended, List<StagedChange> changes)
    {
        int used = 0;
        while (used < output.Length)
        {
            var rest = output[used..];
            int metaEnd = rest.IndexOf((byte)0);
            int pathEnd = metaEnd < 0 ? -1 : rest[(metaEnd + 1)..].IndexOf((byte)0);
            if (pathEnd < 0 && !ended)
            {
                break; // the record goes on in what git has not written yet
            }
            var meta = metaEnd < 0 ? rest : rest[..metaEnd];
            var path = metaEnd < 0 ? [] : pathEnd < 0 ? rest[(metaEnd + 1)..] : rest.Slice(metaEnd + 1, pathEnd);
            used += pathEnd < 0 ? rest.Length : metaEnd + 1 + pathEnd + 1;
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
            if (oldMode.Length == 0 || newMode.Length == 0 || oldOid.Length == 0 || !GitOid.TryParse(newOid, out var blob)
                || status.Length == 0 || status.Contains((byte)' '))
            {
                throw new FormatException($"unexpected `git diff --raw` record: {Encoding.UTF8.GetString(meta)}");
            }
            changes.Add(new StagedChange((char)status[0], Mode(newMode), blob, Encoding.UTF8.GetString(path)));
        }
        return ended ? output.Length : used;
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

    private static string Mode(ReadOnlySpan<byte> mode) =>
        mode.SequenceEqual("100644"u8) ? "100644"
        : mode.SequenceEqual("100755"u8) ? "100755"
        : Encoding.ASCII.GetString(mode);
}
