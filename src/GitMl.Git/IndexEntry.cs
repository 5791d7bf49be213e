using System.Text;

namespace GitMl.Git;

/// <summary>One entry of git's index (`git ls-files --stage`).</summary>
public sealed record IndexEntry
{
    // The id's text, made from ObjectName on first use (an entry read from git holds only the bytes: status reads 10,000
    // entries and asks for the text of few); or the text given to the public constructor, kept as it is.
    private string? _oid;

    public IndexEntry(string Mode, string Oid, int Stage, string Path)
        : this(Mode, GitOid.TryParse(Oid, out var name) ? name : default, Oid, Stage, Path)
    {
    }

    /// <summary>An entry whose id is <paramref name="name"/>, and whose text is <paramref name="oid"/> when given (made from the name otherwise).</summary>
    private IndexEntry(string mode, GitOid name, string? oid, int stage, string path)
    {
        Mode = mode;
        ObjectName = name;
        _oid = oid;
        Stage = stage;
        Path = path;
    }

    public string Mode { get; }

    /// <summary>The blob's id (a submodule's commit for a gitlink) as git writes it.</summary>
    public string Oid => _oid ??= ObjectName.ToString();

    /// <summary>The same id as bytes, to look it up without a string; no value only for an id git would not write.</summary>
    public GitOid ObjectName { get; }

    public int Stage { get; }

    public string Path { get; }

    public bool IsRegularFile => Mode is "100644" or "100755";

    /// <summary>
    /// The path's bytes as git holds them, when <see cref="Path"/> cannot stand for them: a name that is not valid
    /// UTF-8 decodes with U+FFFD in it, and .NET cannot open such a file by name. Git can, given these bytes on
    /// stdin. Null for every other path.
    /// </summary>
    public byte[]? RawPath { get; init; }

    /// <summary>
    /// Whether git answers for this entry without looking at the file: it is marked assume-unchanged or skip-worktree
    /// (`git update-index --assume-unchanged`, `--skip-worktree`, sparse checkout), so `git status` calls it unmodified
    /// whatever the file holds. Known only for entries read <c>detailed</c> (<see cref="ReadAll"/>); false otherwise.
    /// </summary>
    public bool StatusUnchecked { get; init; }

    /// <summary>
    /// The stat data git recorded for the file (<see cref="IndexStat"/>), against which `git status` compares it. Known only
    /// for entries read <c>detailed</c> (<see cref="ReadAll"/>); null otherwise.
    /// </summary>
    public IndexStat? Recorded { get; init; }

    /// <summary>Equal when every property is: the id compared as text, whether or not either entry made its text yet.</summary>
    public bool Equals(IndexEntry? other) =>
        other is not null && Mode == other.Mode && Oid == other.Oid && Stage == other.Stage && Path == other.Path
        && RawPath == other.RawPath && StatusUnchecked == other.StatusUnchecked && Recorded == other.Recorded;

    public override int GetHashCode() => HashCode.Combine(Mode, Oid, Stage, Path, RawPath, StatusUnchecked, Recorded);

    /// <summary>Every entry of the index, optionally limited to pathspecs.</summary>
    /// <param name="detailed">
    /// Also ask what git's own "unmodified" rests on: which entries git does not check (<see cref="StatusUnchecked"/>,
    /// `git ls-files -v`) and the stat data it recorded (<see cref="Recorded"/>, `--debug`).
    /// </param>
    public static List<IndexEntry> ReadAll(GitCli git, IEnumerable<string>? pathspecs = null, bool detailed = false)
    {
        var args = new List<string> { "ls-files", "--stage", "-z" };
        if (detailed)
        {
            args.Add("-v");
            args.Add("--debug");
        }
        if (pathspecs is not null)
        {
            args.Add("--");
            args.AddRange(pathspecs);
        }
        // Parsed as git writes it: the output itself is never held whole (2 MB for 10,000 files read detailed).
        var entries = new List<IndexEntry>();
        git.CheckStreaming(args, (unread, ended) => ParseRecords(unread, detailed, ended, entries));
        return entries;
    }

    /// <summary>
    /// Parses `git ls-files --stage -z`: records "&lt;mode&gt; &lt;oid&gt; &lt;stage&gt;\t&lt;path&gt;" separated by NUL. Read over the
    /// bytes: per entry only its oid and path become strings (the common modes are shared), since status parses
    /// 10,000 of them on every run. With <paramref name="detailed"/> (`git ls-files -v --debug`), each record starts with
    /// git's tag and a space ("H" for an ordinary entry, "S" for skip-worktree, a lowercase letter for assume-unchanged)
    /// and its NUL is followed by five lines of recorded stat data (<see cref="IndexStat"/>):
    /// "  ctime: SEC:NSEC\n  mtime: SEC:NSEC\n  dev: N\tino: N\n  uid: N\tgid: N\n  size: N\tflags: HEX\n".
    /// </summary>
    public static List<IndexEntry> Parse(ReadOnlySpan<byte> output, bool detailed = false)
    {
        var entries = new List<IndexEntry>(output.Length / 90);
        ParseRecords(output, detailed, ended: true, entries);
        return entries;
    }

    /// <summary>
    /// Parses the whole records at the front of <paramref name="output"/> into <paramref name="entries"/> and returns how
    /// many bytes they took; once the output <paramref name="ended"/>, everything (a last record may lack its NUL).
    /// </summary>
    private static int ParseRecords(ReadOnlySpan<byte> output, bool detailed, bool ended, List<IndexEntry> entries)
    {
        var rest = output;
        while (rest.Length > 0)
        {
            int end = rest.IndexOf((byte)0);
            if (!ended && (end < 0 || (detailed && !HasLines(rest[(end + 1)..], 5))))
            {
                break; // the record goes on in what git has not written yet
            }
            var record = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            bool notChecked = false;
            IndexStat? recorded = null;
            if (detailed)
            {
                recorded = ReadDebugLines(ref rest);
                if (record.Length < 2 || record[1] != (byte)' ' || record[0] is not ((>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z')))
                {
                    throw new FormatException($"unexpected `git ls-files -v --debug --stage` record: {Encoding.UTF8.GetString(record)}");
                }
                // Anything but "H" (cached, checked as usual): skip-worktree ("S"), assume-unchanged (lowercase), or a tag
                // this code does not know, which is treated the careful way.
                notChecked = record[0] != (byte)'H';
                record = record[2..];
            }
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
            // The id as bytes only; as text too when it is not one GitOid holds (no id git writes today).
            var oid = record[(firstSpace + 1)..lastSpace];
            bool named = GitOid.TryParse(oid, out var name);
            entries.Add(new IndexEntry(ModeString(mode), name, named ? null : Encoding.ASCII.GetString(oid), record[tab - 1] - '0', path)
            {
                RawPath = path.Contains('\uFFFD', StringComparison.Ordinal) ? rawPath.ToArray() : null,
                StatusUnchecked = notChecked,
                Recorded = recorded,
            });
        }
        return output.Length - rest.Length;
    }

    /// <summary>Whether <paramref name="text"/> holds at least <paramref name="count"/> newlines.</summary>
    private static bool HasLines(ReadOnlySpan<byte> text, int count)
    {
        for (int at = 0; count > 0; count--)
        {
            int newline = text[at..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }
            at += newline + 1;
        }
        return true;
    }

    /// <summary>Reads the five lines `--debug` writes after a record.</summary>
    private static IndexStat ReadDebugLines(ref ReadOnlySpan<byte> rest)
    {
        long ctime = ReadTime(ref rest, "  ctime: "u8);
        long mtime = ReadTime(ref rest, "  mtime: "u8);
        var (device, inode) = ReadPair(ref rest, "  dev: "u8, "\tino: "u8);
        _ = ReadPair(ref rest, "  uid: "u8, "\tgid: "u8);
        int newline = rest.IndexOf((byte)'\n');
        int tab = newline < 0 ? -1 : rest[..newline].IndexOf("\tflags: "u8);
        if (tab < 0 || !rest.StartsWith("  size: "u8) || !TryNumber(rest[8..tab], out uint size))
        {
            throw DebugFormat();
        }
        rest = rest[(newline + 1)..];
        return new IndexStat(ctime, mtime, device, inode, size);
    }

    private static long ReadTime(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> label)
    {
        var (seconds, nanoseconds) = ReadPair(ref rest, label, ":"u8);
        return (seconds * 1_000_000_000L) + nanoseconds;
    }

    /// <summary>A line "LABEL N SEPARATOR N" of two unsigned decimal numbers.</summary>
    private static (uint First, uint Second) ReadPair(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> label, ReadOnlySpan<byte> separator)
    {
        int newline = rest.IndexOf((byte)'\n');
        var line = newline < 0 ? [] : rest[..newline];
        int at = line.StartsWith(label) ? line[label.Length..].IndexOf(separator) + label.Length : -1;
        if (at <= label.Length || !TryNumber(line[label.Length..at], out uint first) || !TryNumber(line[(at + separator.Length)..], out uint second))
        {
            throw DebugFormat();
        }
        rest = rest[(newline + 1)..];
        return (first, second);
    }

    private static bool TryNumber(ReadOnlySpan<byte> digits, out uint value) =>
        System.Buffers.Text.Utf8Parser.TryParse(digits, out value, out int used) && used == digits.Length && digits.Length > 0 && digits[0] is >= (byte)'0' and <= (byte)'9';

    private static FormatException DebugFormat() => new("unexpected `git ls-files --debug` output");

    private static string ModeString(ReadOnlySpan<byte> mode) =>
        mode.SequenceEqual("100644"u8) ? "100644"
        : mode.SequenceEqual("100755"u8) ? "100755"
        : mode.SequenceEqual("120000"u8) ? "120000"
        : mode.SequenceEqual("160000"u8) ? "160000"
        : Encoding.ASCII.GetString(mode);
}

/// <summary>
/// The stat data the index recorded for a file (`git ls-files --debug`): change and modification times to the
/// nanosecond (git stores them whole, though git built without USE_NSEC compares whole seconds only), and the device
/// (the st_dev number), inode and size cut to their low 32 bits, as the index holds them.
/// </summary>
public readonly record struct IndexStat(long CtimeNs, long MtimeNs, uint Device, uint Inode, uint Size);
