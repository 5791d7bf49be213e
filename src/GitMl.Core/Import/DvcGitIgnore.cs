namespace GitMl.Core.Import;

/// <summary>
/// DVC keeps the data it tracks out of Git by adding "/name" to the .gitignore of the data's folder. Once git-ml
/// tracks the data, Git must see it again: this removes exactly those entries (DVC's spellings "/name" and
/// "/name/"), and nothing a person wrote otherwise. Pure.
/// </summary>
public static class DvcGitIgnore
{
    /// <summary>The .gitignore DVC writes the entry for <paramref name="path"/> into, and the entry, both from the top of the working tree.</summary>
    public static (string GitIgnore, string Entry) EntryFor(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? (".gitignore", "/" + path) : (path[..slash] + "/.gitignore", "/" + path[(slash + 1)..]);
    }

    /// <summary>Removes the entry from the lines; true when there was one.</summary>
    public static bool Remove(List<string> lines, string entry) =>
        lines.RemoveAll(l => l.TrimEnd() == entry || l.TrimEnd() == entry + "/") > 0;
}
