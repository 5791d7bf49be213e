using System.Globalization;
using System.Text;

namespace GitMl.Git;

/// <summary>
/// Batch reads of git objects through one `git cat-file` process per call: sizes of many blobs, or the contents
/// of many small ones. One process for thousands of objects keeps hooks fast.
/// </summary>
public static class GitObjects
{
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

    /// <summary>The contents of each object; objects git does not have are left out. Meant for small objects:
    /// everything is held in memory.</summary>
    public static Dictionary<string, byte[]> ReadContents(GitCli git, IEnumerable<string> oids)
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] input = Encoding.ASCII.GetBytes(string.Concat(oids.Distinct().Select(o => o + "\n")));
        if (input.Length == 0)
        {
            return contents;
        }
        byte[] output = git.Check(["cat-file", "--batch=%(objectname) %(objectsize)", "--buffer"], input).Stdout;
        int at = 0;
        while (at < output.Length)
        {
            int nl = Array.IndexOf(output, (byte)'\n', at);
            if (nl < 0)
            {
                break;
            }
            string header = Encoding.ASCII.GetString(output, at, nl - at);
            at = nl + 1;
            string[] parts = header.Split(' ');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            {
                continue; // "<oid> missing"
            }
            contents[parts[0]] = output.AsSpan(at, size).ToArray();
            at += size + 1;
        }
        return contents;
    }
}
