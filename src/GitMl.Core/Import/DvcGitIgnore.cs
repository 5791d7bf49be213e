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

    /// <summary>
    /// Keeps files inside a directory out of Git: one exact entry each ("/images/.DS_Store", glob characters escaped)
    /// in the .gitignore where DVC wrote the directory's own entry, beside it, not inside it. For what .dvcignore kept
    /// out of a directory DVC tracked, so Git does not start committing it. Returns the .gitignore files changed.
    /// </summary>
    /// <param name="files">Each directory and a file under it, relative to the top of the working tree.</param>
    public static List<string> AddEntries(string workTree, IEnumerable<(string Directory, string File)> files)
    {
        var changed = new List<string>();
        foreach (var group in files.GroupBy(f => EntryFor(f.Directory).GitIgnore, StringComparer.Ordinal))
        {
            string folder = group.Key.Contains('/', StringComparison.Ordinal) ? group.Key[..group.Key.LastIndexOf('/')] + "/" : "";
            var file = TextLinesFile.Load(Path.Combine(workTree, group.Key));
            if (group.FirstOrDefault(f => f.File.Any(char.IsControl)) is { Directory: { } inside } && inside.Length > 0)
            {
                throw new DvcImportException($"a file .dvcignore ignores inside {(inside.Any(char.IsControl) ? "a directory" : inside)} has a control character in its name, which no .gitignore line can hold; rename or delete it, then import again");
            }
            var missing = group.Select(f => Escape("/" + f.File[folder.Length..])).Distinct(StringComparer.Ordinal)
                .Where(e => !file.Lines.Contains(e, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                file.Lines.AddRange(missing);
                file.Save();
                changed.Add(group.Key);
            }
        }
        return changed;
    }

    /// <summary>An entry that matches exactly its name: '*', '?', '[', '\\' and a leading '!' or '#' taken literally, trailing spaces kept.</summary>
    private static string Escape(string entry)
    {
        var sb = new System.Text.StringBuilder("/");
        foreach (char c in entry[1..])
        {
            if (c is '*' or '?' or '[' or '\\' or '!' or '#')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Length > 1 && sb[^1] == ' ' ? sb.Insert(sb.Length - 1, '\\').ToString() : sb.ToString();
    }
}
