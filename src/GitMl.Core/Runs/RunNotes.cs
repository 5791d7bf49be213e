using System.Text;
using GitMl.Git;

namespace GitMl.Core.Runs;

/// <summary>
/// The runs of a repository, kept as Git notes under <see cref="RefName"/>: the note of a commit holds one canonical
/// JSON line per run that ran from it (and per later amendment). Writing appends a line with a compare-and-swap of
/// the notes ref, retried on contention, because `git notes add` rewrites the ref without checking it, so two runs
/// finishing at once could lose one. Lines are appended (git separates them with a blank line, which readers skip);
/// a merge of notes (cat_sort_uniq) sorts them. Reading lists every note in one process and reads them in one batch.
/// </summary>
public sealed class RunNotes(MlRepository repo)
{
    public const string RefName = "refs/notes/ml-runs";

    /// <summary>Where writers keep their scratch copies of the notes ref: <c>[merge-|theirs-]PID-RANDOM</c>.</summary>
    public const string ScratchPrefix = "refs/notes/ml-scratch/";

    private const int MaxAttempts = 50;

    /// <summary>Deletes the scratch refs of writers that were killed (their process is gone).</summary>
    public static void RemoveAbandonedScratchRefs(GitCli git)
    {
        foreach (string name in GitRefs.ListNames(git, ScratchPrefix))
        {
            string id = name[ScratchPrefix.Length..];
            int start = id.StartsWith("merge-", StringComparison.Ordinal) ? "merge-".Length : id.StartsWith("theirs-", StringComparison.Ordinal) ? "theirs-".Length : 0;
            if (!Storage.IO.Leftovers.WriterMayRun(id, start, unknownIsGone: false))
            {
                GitRefs.TryDelete(git, name);
            }
        }
    }

    /// <summary>Adds <paramref name="line"/> to the note of <paramref name="commit"/> without losing a concurrent writer's line.</summary>
    /// <exception cref="GitException">Git failed, or the ref stayed contended for every attempt.</exception>
    public void Append(string commit, string line)
    {
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a note line must not hold a newline", nameof(line));
        }
        RemoveAbandonedScratchRefs(repo.Git);
        string scratch = $"{ScratchPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}";
        byte[] content = Encoding.UTF8.GetBytes(line + "\n");
        bool written = false;
        try
        {
            for (int attempt = 0; attempt < MaxAttempts; attempt++)
            {
                // A scratch copy of the notes ref (none yet when the notes ref does not exist), the line appended to
                // the commit's note there, then one transaction that moves the notes ref from the scratch commit's
                // parent to it and drops the scratch ref: it fails as a whole if another run got in first.
                if (attempt > 0)
                {
                    repo.Git.Run(["update-ref", "-d", scratch]);
                }
                repo.Git.Run(["update-ref", scratch, RefName]);
                repo.Git.Check(["notes", "--ref", scratch, "append", "-F", "-", commit], content);
                string[] commits = repo.Git.Check(["rev-list", "--parents", "-n", "1", scratch]).StdoutText.Trim().Split(' ');
                string? old = commits.Length > 1 ? commits[1] : null;
                string transaction = $"update {RefName} {commits[0]} {old ?? GitRefs.Absent}\ndelete {scratch}\n";
                if (repo.Git.Run(["update-ref", "-m", "git-ml: record a run", "--stdin"], Encoding.UTF8.GetBytes(transaction)).Succeeded)
                {
                    written = true;
                    return;
                }
                Thread.Sleep(Random.Shared.Next(5, 20 + (attempt * 10)));
            }
            throw new GitException($"could not update {RefName}: other writers kept changing it; try again", 1, "");
        }
        finally
        {
            if (!written)
            {
                repo.Git.Run(["update-ref", "-d", scratch]);
            }
        }
    }

    /// <summary>
    /// Every note line of the repository, with the commit it is attached to. Reading a note that is not there yields
    /// nothing; the whole read is one `git notes list` and one `git cat-file --batch`.
    /// </summary>
    public IReadOnlyList<(string Commit, byte[] Note)> ReadAllNotes()
    {
        if (GitRefs.Resolve(repo.Git, RefName) is null)
        {
            return [];
        }
        var pairs = new List<(string Blob, string Commit)>();
        foreach (string row in repo.Git.Check(["notes", "--ref", RefName, "list"]).Lines())
        {
            int space = row.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                pairs.Add((row[..space], row[(space + 1)..]));
            }
        }
        var blobs = GitObjects.ReadBlobs(repo.Git, pairs.Select(p => p.Blob).ToList());
        var notes = new List<(string, byte[])>(pairs.Count);
        for (int i = 0; i < pairs.Count; i++)
        {
            if (blobs[i] is { } bytes)
            {
                notes.Add((pairs[i].Commit, bytes));
            }
        }
        return notes;
    }
}
