namespace GitMl.Git;

/// <summary>Reading a notes commit directly (any notes commit, not only the one a notes ref points at).</summary>
public static class GitNotes
{
    /// <summary>
    /// Every note <paramref name="notesCommit"/> holds, as (note blob, annotated object) pairs, from one `git ls-tree`:
    /// a notes tree names each note by the annotated object's hex name, split into fan-out directories once it grows
    /// ("ab/cdef..."), which are joined here. Entries that are not notes are skipped.
    /// </summary>
    public static IReadOnlyList<(string Blob, string Annotated)> List(GitCli git, string notesCommit)
    {
        var notes = new List<(string, string)>();
        foreach (string entry in git.Check(["ls-tree", "-r", "-z", "--end-of-options", notesCommit]).NulSeparated())
        {
            // "<mode> blob <oid>\t<path>"
            int tab = entry.IndexOf('\t', StringComparison.Ordinal);
            string[] info = tab < 0 ? [] : entry[..tab].Split(' ');
            if (info.Length != 3 || info[1] != "blob")
            {
                continue;
            }
            string annotated = entry[(tab + 1)..].Replace("/", "", StringComparison.Ordinal);
            if (annotated.Length is 40 or 64 && annotated.All(char.IsAsciiHexDigitLower))
            {
                notes.Add((info[2], annotated));
            }
        }
        return notes;
    }
}
