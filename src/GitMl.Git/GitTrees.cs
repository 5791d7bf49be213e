using System.Globalization;

namespace GitMl.Git;

/// <summary>One entry of a tree: mode, object type ("blob", "tree", "commit" for a submodule), object, path.</summary>
/// <param name="Size">The blob's size in bytes when asked for (null for other types, or when not asked).</param>
public sealed record TreeEntry(string Mode, string Type, string Oid, long? Size, string Path);

/// <summary>Reading trees (`git ls-tree`).</summary>
public static class GitTrees
{
    /// <summary>
    /// The entries of the tree <paramref name="treeish"/> names (a tree, or a commit or tag that leads to one), with
    /// paths from the tree's top; with <paramref name="recursive"/>, the files of every subtree instead of the
    /// subtrees; with <paramref name="sizes"/>, each blob's size.
    /// </summary>
    /// <exception cref="GitException">git failed (for example: no tree by that name).</exception>
    public static List<TreeEntry> List(GitCli git, string treeish, bool recursive = false, bool sizes = false)
    {
        var entries = new List<TreeEntry>();
        IReadOnlyList<string> args = (recursive, sizes) switch
        {
            (true, true) => ["ls-tree", "-r", "-z", "-l", "--full-tree", treeish],
            (true, false) => ["ls-tree", "-r", "-z", "--full-tree", treeish],
            (false, true) => ["ls-tree", "-z", "-l", "--full-tree", treeish],
            (false, false) => ["ls-tree", "-z", treeish],
        };
        foreach (string record in git.Check(args).NulSeparated())
        {
            // "<mode> <type> <oid>\t<path>", with -l "<mode> <type> <oid> <size, padded>\t<path>" ("-" for a non-blob).
            int tab = record.IndexOf('\t', StringComparison.Ordinal);
            string[] meta = tab < 0 ? [] : record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (meta.Length < 3)
            {
                continue;
            }
            long? size = meta.Length > 3 && long.TryParse(meta[3], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
            entries.Add(new TreeEntry(meta[0], meta[1], meta[2], size, record[(tab + 1)..]));
        }
        return entries;
    }
}
