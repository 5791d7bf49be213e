using System.Globalization;
using System.Text;

namespace GitMl.Git;

/// <summary>
/// Batch reads of git objects through one `git cat-file` process per call: sizes of many blobs, or the contents
/// of many small ones. One process for thousands of objects keeps hooks fast.
/// </summary>
public static class GitObjects
{
    /// <summary>
    /// The id git gives a blob of these bytes (what `git hash-object` prints): SHA-1 of "blob SIZE\0" and the bytes,
    /// or SHA-256 in a repository whose extensions.objectFormat is sha256.
    /// </summary>
    public static string BlobId(ReadOnlySpan<byte> content, string? objectFormat)
    {
        byte[] header = Encoding.ASCII.GetBytes($"blob {content.Length.ToString(CultureInfo.InvariantCulture)}\0");
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(
            string.Equals(objectFormat, "sha256", StringComparison.OrdinalIgnoreCase) ? System.Security.Cryptography.HashAlgorithmName.SHA256 : System.Security.Cryptography.HashAlgorithmName.SHA1);
        hash.AppendData(header);
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The size of each object; objects git does not have are left out.</summary>
    public static Dictionary<string, long> ReadSizes(GitCli git, IEnumerable<string> oids)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        byte[] input = Encoding.ASCII.GetBytes(string.Concat(oids.Distinct().Select(o => o + "\n")));
        if (input.Length == 0)
        {
            return sizes;
        }
        var result = git.Check(["cat-file", "--batch-check=%(objectname) %(objectsize)", "--buffer"], input);
        foreach (string line in result.Lines())
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                sizes[parts[0]] = size;
            }
        }
        return sizes;
    }

    /// <summary>
    /// Which of <paramref name="oids"/> name commits this repository has, in one `git cat-file --batch-check`. Only
    /// full hexadecimal object names are asked about; anything else (an abbreviation, a ref name) is left out.
    /// </summary>
    public static HashSet<string> ExistingCommits(GitCli git, IEnumerable<string> oids)
    {
        var commits = new HashSet<string>(StringComparer.Ordinal);
        var asked = oids.Where(o => o.Length is 40 or 64 && o.All(char.IsAsciiHexDigitLower)).Distinct().ToList();
        if (asked.Count == 0)
        {
            return commits;
        }
        byte[] input = Encoding.ASCII.GetBytes(string.Concat(asked.Select(o => o + "\n")));
        foreach (string line in git.Check(["cat-file", "--batch-check=%(objectname) %(objecttype)", "--buffer"], input).Lines())
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 2 && parts[1] == "commit")
            {
                commits.Add(parts[0]);
            }
        }
        return commits;
    }

    /// <summary>
    /// Whether this repository has the commit <paramref name="name"/> names (a full or abbreviated object name, or
    /// any name git resolves; a tag is peeled to its commit): false when git has no such object or it is not a commit.
    /// </summary>
    public static bool HasCommit(GitCli git, string name) => git.Run(["cat-file", "-e", name + "^{commit}"]).Succeeded;

    /// <summary>
    /// The blob id of each file as it is on disk, without filters (`git hash-object --no-filters --stdin-paths`), in
    /// the order given: paths as raw bytes (relative to the top of the working tree), so names that are not valid
    /// UTF-8 can be hashed too. Null when git could not hash them all (a file is missing or unreadable). Paths must
    /// not hold a newline.
    /// </summary>
    public static string[]? HashFiles(GitCli git, IEnumerable<byte[]> paths)
    {
        byte[] input = [.. paths.SelectMany(p => p.Append((byte)'\n'))];
        var hashed = git.Run(["hash-object", "--no-filters", "--stdin-paths"], input);
        return hashed.Succeeded ? hashed.Lines() : null;
    }

    /// <summary>The contents of each object; objects git does not have are left out. Meant for small objects:
    /// everything is held in memory.</summary>
    public static Dictionary<string, byte[]> ReadContents(GitCli git, IEnumerable<string> oids)
    {
        var names = oids.Distinct().ToList();
        var blobs = ReadBlobs(git, names);
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (blobs[i] is { } content)
            {
                contents[names[i]] = content;
            }
        }
        return contents;
    }

    /// <summary>
    /// The contents of the blobs <paramref name="names"/> name, in the same order: object ids or any name git
    /// understands, such as "&lt;commit&gt;:path/in/tree" for a file at a commit. An entry is null where git has no
    /// such object, or names a tree or a commit rather than a file. One `git cat-file --batch` for all; meant for
    /// small blobs (everything is held in memory). Names must not hold a newline.
    /// </summary>
    public static byte[]?[] ReadBlobs(GitCli git, IReadOnlyList<string> names)
    {
        var blobs = new byte[]?[names.Count];
        if (names.Count == 0)
        {
            return blobs;
        }
        byte[] input = Encoding.UTF8.GetBytes(string.Concat(names.Select(n => n + "\n")));
        byte[] output = git.Check(["cat-file", "--batch=%(objecttype) %(objectsize)", "--buffer"], input).Stdout;
        int at = 0;
        // git answers each line in order: "<type> <size>\n<content>\n", or "<name> missing" / "<name> ambiguous".
        for (int i = 0; i < names.Count && at < output.Length; i++)
        {
            int nl = Array.IndexOf(output, (byte)'\n', at);
            if (nl < 0)
            {
                break;
            }
            string header = Encoding.UTF8.GetString(output, at, nl - at);
            at = nl + 1;
            int space = header.LastIndexOf(' ');
            string type = space < 0 ? "" : header[..space];
            if (type is not ("blob" or "tree" or "commit" or "tag")
                || !int.TryParse(header.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            {
                continue;
            }
            if (type == "blob")
            {
                blobs[i] = output.AsSpan(at, size).ToArray();
            }
            at += size + 1;
        }
        return blobs;
    }
}
