namespace GitMl.Git;

/// <summary>
/// Reading a notes commit directly (any notes commit, not only the one a notes ref points at), and writing notes
/// under a given notes ref. The writes move that ref without compare-and-swap: git-ml writes on a scratch ref and
/// publishes it with <see cref="GitRefs.TryUpdate(GitCli, string, string, string?, string?)"/>.
/// </summary>
public static class GitNotes
{
    /// <summary>Appends <paramref name="content"/> to the note of <paramref name="annotated"/> under <paramref name="notesRef"/>
    /// (`git notes append`: after a blank line when the note exists; a new note otherwise).</summary>
    /// <exception cref="GitException">git failed.</exception>
    public static void Append(GitCli git, string notesRef, string annotated, byte[] content) =>
        git.Check(["notes", "--ref", notesRef, "append", "-F", "-", annotated], content);

    /// <summary>Makes <paramref name="content"/> the whole note of <paramref name="annotated"/>, replacing any note it had.</summary>
    /// <exception cref="GitException">git failed.</exception>
    public static void Set(GitCli git, string notesRef, string annotated, byte[] content) =>
        git.Check(["notes", "--ref", notesRef, "add", "-f", "-F", "-", annotated], content);

    /// <summary>Removes the note of <paramref name="annotated"/>; no error when it has none.</summary>
    /// <exception cref="GitException">git failed.</exception>
    public static void Remove(GitCli git, string notesRef, string annotated) =>
        git.Check(["notes", "--ref", notesRef, "remove", "--ignore-missing", annotated], []);

    /// <summary>
    /// Merges the notes of <paramref name="otherNotesRef"/> into <paramref name="notesRef"/> quietly with a strategy
    /// that cannot stop for a conflict (such as "cat_sort_uniq", "union", "ours" or "theirs");
    /// <paramref name="reflogAction"/> is what the notes ref's reflog says of it.
    /// </summary>
    /// <exception cref="GitException">git failed.</exception>
    public static void Merge(GitCli git, string notesRef, string otherNotesRef, string strategy, string reflogAction) =>
        git.Check(["notes", "--ref", notesRef, "merge", "--quiet", "-s", strategy, otherNotesRef],
            environment: new Dictionary<string, string?> { ["GIT_REFLOG_ACTION"] = reflogAction });

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
