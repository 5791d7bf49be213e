using System.Text;
using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Runs;

/// <summary>
/// The runs of a repository, kept as Git notes under <see cref="RefName"/>: the note of a commit holds one canonical
/// JSON line per run that ran from it (and per later amendment). Writing appends a line with a compare-and-swap of
/// the notes ref (<see cref="ContendedRef"/>), because `git notes add` rewrites the ref without checking it, so two
/// runs finishing at once could lose one. Lines are appended (git separates them with a blank line, which readers skip);
/// a merge of notes (cat_sort_uniq) sorts them. Reading lists every note in one process and reads them in one batch.
/// </summary>
public sealed class RunNotes(MlRepository repo)
{
    public const string RefName = "refs/notes/ml-runs";

    /// <summary>Where writers keep their scratch copies of the notes ref: <c>[KIND-]PID-RANDOM</c> (kind: merge, theirs, repair).</summary>
    public const string ScratchPrefix = "refs/notes/ml-scratch/";

    /// <summary>Deletes the scratch refs of writers that were killed (their process is gone).</summary>
    public static void RemoveAbandonedScratchRefs(GitCli git)
    {
        foreach (var (name, _) in GitRefs.List(git, [ScratchPrefix]))
        {
            string id = name[ScratchPrefix.Length..];
            int start = id.Length > 0 && char.IsAsciiDigit(id[0]) ? 0 : id.IndexOf('-', StringComparison.Ordinal) + 1;
            if (!Storage.IO.Leftovers.WriterMayRun(id, start, unknownIsGone: false))
            {
                GitRefs.TryDelete(git, name);
            }
        }
    }

    /// <summary>Adds <paramref name="line"/> to the note of <paramref name="commit"/> without losing a concurrent writer's line.</summary>
    /// <exception cref="GitException">Git failed, or the ref stayed contended for every attempt (<see cref="ContendedRef"/>).</exception>
    public void Append(string commit, string line)
    {
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a note line must not hold a newline", nameof(line));
        }
        RemoveAbandonedScratchRefs(repo.Git);
        string scratch = $"{ScratchPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        byte[] content = Encoding.UTF8.GetBytes(line + "\n");
        bool tried = false;
        try
        {
            // On a scratch copy of the notes ref (none yet when the notes ref does not exist), the line is appended to
            // the commit's note; the notes ref then moves from the value copied to the scratch commit, or not at all
            // if another run got in first, and the append is done again on the new value.
            ContendedRef.Update(repo.Git, RefName, current =>
            {
                if (current is not null)
                {
                    GitRefs.Set(repo.Git, scratch, current);
                }
                else if (tried)
                {
                    GitRefs.TryDelete(repo.Git, scratch);
                }
                tried = true;
                GitNotes.Append(repo.Git, scratch, commit, content);
                string appended = GitRefs.Resolve(repo.Git, scratch) ?? throw new GitException("git notes append left no notes commit", 1, "");
                return RefStep.Write(appended, "git-ml: record a run", true);
            }, "record the run");
        }
        finally
        {
            GitRefs.TryDelete(repo.Git, scratch);
        }
    }

    /// <summary>
    /// Every note line of the repository, with the commit it is attached to. Reading a note that is not there yields
    /// nothing; the whole read is one `git notes list` and one `git cat-file --batch`.
    /// </summary>
    public IReadOnlyList<(string Commit, byte[] Note)> ReadAllNotes() =>
        GitRefs.Resolve(repo.Git, RefName) is { } notes ? ReadNotesAt(notes) : [];

    /// <summary>Every note a notes commit holds (any notes commit: a fetched one, a merge base), read as <see cref="ReadAllNotes"/> reads.</summary>
    public IReadOnlyList<(string Commit, byte[] Note)> ReadNotesAt(string notesCommit) => ReadNotesAt([notesCommit])[0];

    /// <summary>The notes of several notes commits (null: none), their blobs read in one batch, each once.</summary>
    public IReadOnlyList<(string Commit, byte[] Note)>[] ReadNotesAt(IReadOnlyList<string?> notesCommits)
    {
        var listings = notesCommits.Select(c => c is null ? [] : GitNotes.List(repo.Git, c)).ToList();
        var blobNames = listings.SelectMany(l => l.Select(n => n.Blob)).Distinct(StringComparer.Ordinal).ToList();
        var contents = GitObjects.ReadBlobs(repo.Git, blobNames);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < blobNames.Count; i++)
        {
            if (contents[i] is { } bytes)
            {
                blobs[blobNames[i]] = bytes;
            }
        }
        return listings.Select(l => (IReadOnlyList<(string, byte[])>)l.Where(n => blobs.ContainsKey(n.Blob)).Select(n => (n.Annotated, blobs[n.Blob])).ToList()).ToArray();
    }
}
