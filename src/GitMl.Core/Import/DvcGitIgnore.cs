using GitMl.Core.IO;

namespace GitMl.Core.Import;

/// <summary>
/// DVC keeps the data it tracks out of Git by adding "/name" to the .gitignore of the data's folder. Once git-ml
/// tracks the data, Git must see it again: this removes exactly those entries (DVC's spellings "/name" and
/// "/name/"), and nothing a person wrote otherwise. Used by the import and by `repro`, for every output git-ml
/// stores.
/// </summary>
public static class DvcGitIgnore
{
    /// <summary>The .gitignore DVC writes the entry for <paramref name="path"/> into, and the entry, both from the top of the working tree.</summary>
    public static (string GitIgnore, string Entry) EntryFor(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? (".gitignore", "/" + path) : (path[..slash] + "/.gitignore", "/" + path[(slash + 1)..]);
    }

    /// <summary>Removes the entry from the lines; true when there was one. Pure.</summary>
    public static bool Remove(List<string> lines, string entry) =>
        lines.RemoveAll(l => l.TrimEnd() == entry || l.TrimEnd() == entry + "/") > 0;

    /// <summary>
    /// Removes DVC's entries for <paramref name="paths"/> (relative to the top of the working tree) from the
    /// .gitignore files next to them; a file left with nothing but blank lines is deleted. Returns the .gitignore
    /// files changed, relative to the top.
    /// </summary>
    public static List<string> RemoveEntries(string workTree, IEnumerable<string> paths)
    {
        var changed = new List<string>();
        foreach (var group in paths.Select(EntryFor).GroupBy(e => e.GitIgnore, StringComparer.Ordinal))
        {
            string full = Path.Combine(workTree, group.Key);
            if (!File.Exists(full))
            {
                continue;
            }
            var file = TextLinesFile.Load(full);
            bool removed = false;
            foreach (var (_, entry) in group)
            {
                removed |= Remove(file.Lines, entry);
            }
            if (!removed)
            {
                continue;
            }
            if (file.Lines.All(string.IsNullOrWhiteSpace))
            {
                File.Delete(file.Path);
            }
            else
            {
                file.Save();
            }
            changed.Add(group.Key);
        }
        return changed;
    }
}
