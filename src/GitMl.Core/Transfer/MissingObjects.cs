using GitMl.Core.Objects;
using GitMl.Core.Remotes;

namespace GitMl.Core.Transfer;

/// <summary>
/// Makes sure objects a command is about to read are in the local store, fetching (and verifying) what is missing
/// from the default data remote: a model version or a model's training data registered in another clone.
/// </summary>
public static class MissingObjects
{
    /// <param name="owner">Whose objects these are, for messages ("model churn", "the training data of models:/churn/2").</param>
    /// <exception cref="ObjectMissingException">An object is missing here and cannot be fetched; the message says what to do.</exception>
    /// <exception cref="IOException">The fetch failed.</exception>
    public static void Fetch(MlRepository repo, IBlobStoreFactory? remotes, IReadOnlyList<PointerUse> uses, string owner)
    {
        var missing = uses.Where(u => !repo.Store.Contains(u.Oid)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var remote = remotes is null ? null : new DataRemotes(repo).DefaultOrNull();
        if (remote is null || remotes is null)
        {
            throw new ObjectMissingException(missing[0].Oid, $"{missing[0].Path} ({missing[0].Oid.Short}) of {owner} is not in the local store and there is no default data remote to fetch it from: add one with git ml remote add NAME URL --default");
        }
        var result = new DataTransfer(repo, remotes)
            .FetchAsync(remote, missing, DataTransfer.OptionsFor(remote, null), progress: null, CancellationToken.None)
            .GetAwaiter().GetResult();
        if (!result.Report.Succeeded)
        {
            throw new IOException($"could not fetch {missing[0].Path} of {owner} from {remote}: {result.Report.Failures[0].Message}");
        }
        if (missing.FirstOrDefault(u => !repo.Store.Contains(u.Oid)) is { } absent)
        {
            throw new ObjectMissingException(absent.Oid, $"{absent.Path} ({absent.Oid.Short}) of {owner} is neither in the local store nor on {remote}: push it from a clone that has it (git ml push)");
        }
    }
}
