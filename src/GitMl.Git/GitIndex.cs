using System.Text;

namespace GitMl.Git;

/// <summary>
/// Writing git's index and the working tree from it: staging files, resetting entries, refreshing stat data and
/// checking files out, plus listing the paths the index (and, when asked, the working tree) holds. Reading the
/// index entry by entry is <see cref="IndexEntry.ReadAll"/>.
/// </summary>
public static class GitIndex
{
    /// <summary>
    /// The paths that match <paramref name="pathspec"/> (git pathspec syntax, e.g. ":(glob)**/.gitattributes") among
    /// the files in the index and, with <paramref name="untracked"/>, the untracked files git would add (not ignored).
    /// A path in both is listed once per source.
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static string[] ListFiles(GitCli git, string pathspec, bool untracked = false) =>
        git.Check(untracked
            ? ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", pathspec]
            : ["ls-files", "-z", "--", pathspec]).NulSeparated();

    /// <summary>
    /// Stages <paramref name="paths"/> as they are in the working tree (`git add`, through the filters). With
    /// <paramref name="renormalize"/>, files already staged are cleaned again, so a file staged before its filter
    /// attribute was set is stored as the filter says now.
    /// </summary>
    /// <exception cref="GitException">git failed (a path matches nothing, a filter failed).</exception>
    public static void Add(GitCli git, IEnumerable<string> paths, bool renormalize = false) =>
        git.Check(renormalize ? ["add", "--renormalize", "--", .. paths] : ["add", "--", .. paths]);

    /// <summary>Removes <paramref name="path"/> from the index only (its file stays); no error when it is not there.</summary>
    /// <exception cref="GitException">git failed.</exception>
    public static void RemoveCached(GitCli git, string path) => git.Check(["rm", "-q", "--cached", "--ignore-unmatch", "--", path]);

    /// <summary>
    /// Sets each entry again with the same mode and blob at stage 0, without stat data (`update-index --index-info`),
    /// so git no longer takes the file on disk for up to date and looks at its content next time. Paths are taken
    /// as their bytes (<see cref="IndexEntry.RawPath"/>) where .NET could not decode them.
    /// </summary>
    /// <exception cref="GitException">git failed; its stderr says why.</exception>
    public static void ResetEntries(GitCli git, IEnumerable<IndexEntry> entries)
    {
        var info = new List<byte>();
        foreach (var entry in entries)
        {
            info.AddRange(Encoding.ASCII.GetBytes($"{entry.Mode} {entry.Oid} 0\t"));
            info.AddRange(entry.RawPath ?? Encoding.UTF8.GetBytes(entry.Path));
            info.Add(0);
        }
        git.Check(["update-index", "-z", "--index-info"], [.. info]);
    }

    /// <summary>
    /// Brings the stat data of every index entry up to date (`update-index -q --refresh`), cleaning files again where
    /// git must look at their content. Files that really changed stay modified: that is no error (git's exit 1).
    /// </summary>
    /// <exception cref="GitException">git failed otherwise.</exception>
    public static void Refresh(GitCli git)
    {
        var refresh = git.Run(["update-index", "-q", "--refresh"]);
        if (refresh.ExitCode > 1)
        {
            throw new GitException($"'git update-index -q --refresh' failed: {refresh.Stderr.Trim()}", refresh.ExitCode, refresh.Stderr);
        }
    }

    /// <summary>
    /// Writes <paramref name="paths"/> (raw bytes, relative to the top of the working tree) from the index into the
    /// working tree through the smudge filters, overwriting what is there, and records their new stat data
    /// (`checkout-index --force --index`).
    /// </summary>
    /// <exception cref="GitException">git could not write them all; its stderr says why.</exception>
    public static void CheckOut(GitCli git, IEnumerable<byte[]> paths)
    {
        var input = new List<byte>();
        foreach (byte[] path in paths)
        {
            input.AddRange(path);
            input.Add(0);
        }
        git.Check(["checkout-index", "--force", "--index", "-z", "--stdin"], [.. input]);
    }
}
