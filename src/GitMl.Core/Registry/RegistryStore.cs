using GitMl.Core.Sharing;
using GitMl.Git;

namespace GitMl.Core.Registry;

/// <summary>
/// Reads and writes the registry ref (<see cref="RefName"/>): a commit whose tree holds one canonical file per model
/// (<see cref="ModelFile"/>). Every change is a new commit on top of the old one, published with compare-and-swap
/// (<see cref="ContendedRef"/>): when another process moved the ref in between, the change is recomputed from the
/// new state and tried again, so concurrent updates all land or fail with a clear error, and none is lost. A
/// process killed half-way leaves unreferenced objects at worst; the ref points at the old commit or the new one.
/// </summary>
public sealed class RegistryStore(MlRepository repo)
{
    public const string RefName = "refs/ml/registry";

    /// <summary>The registry at its ref (empty when the ref does not exist).</summary>
    public RegistrySnapshot Read() => ReadCommit(GitRefs.Resolve(repo.Git, RefName));

    /// <summary>The registry as a given commit holds it (null: the empty registry).</summary>
    public RegistrySnapshot ReadCommit(string? commit)
    {
        if (commit is null)
        {
            return RegistrySnapshot.Empty;
        }
        var entries = GitTrees.List(repo.Git, commit);
        if (entries.FirstOrDefault(e => e.Type != "blob" || !e.Path.EndsWith(ModelFile.Extension, StringComparison.Ordinal)) is { } stranger)
        {
            throw new FormatException($"commit {commit[..Math.Min(10, commit.Length)]} is not a model registry commit: its tree holds '{stranger.Path}', and a registry holds only NAME.json model files");
        }
        var models = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
        if (entries.Count == 0)
        {
            return new RegistrySnapshot(commit, models);
        }
        var blobs = ReadBlobs(entries.Select(e => e.Oid).ToList());
        foreach (var entry in entries)
        {
            string name = entry.Path;
            string source = $"{commit[..Math.Min(10, commit.Length)]}:{name}";
            var model = ModelFile.Decode(blobs[entry.Oid], source);
            if (ModelFile.FileName(model.Name) != name)
            {
                throw new FormatException($"{source} holds model '{model.Name}'; the file must be named {ModelFile.FileName(model.Name)}");
            }
            models[model.Name] = model;
        }
        return new RegistrySnapshot(commit, models);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to one model (a new, empty record when <paramref name="create"/> and the
    /// model does not exist) and commits the result with compare-and-swap, retrying on a fresh read when another
    /// writer got there first. A change that changes nothing writes nothing.
    /// </summary>
    public ModelChange Update(string name, bool create, Func<ModelRecord, ModelChange> change, string command)
    {
        RegistryNames.ValidateModel(name);
        ModelChange? result = null;
        UpdateAll(snapshot =>
        {
            var model = snapshot.Models.TryGetValue(name, out var existing) ? existing : create ? ModelRecord.Empty(name) : snapshot.Require(name);
            result = change(model);
            string why = result.Model.Events.Count > 0 ? result.Model.Events[^1].Message : "";
            return result.Changed ? ([result.Model], $"{command}: {result.Summary}{(why.Length == 0 ? "" : "\n\n" + why)}") : ([], "");
        });
        return result!;
    }

    /// <summary>
    /// The general form: <paramref name="change"/> returns the models to write (none: nothing to do) and the commit
    /// message. It may run more than once (once per lost race), so it must not have side effects.
    /// </summary>
    /// <returns>The new registry commit, or null when nothing changed.</returns>
    public string? UpdateAll(Func<RegistrySnapshot, (IReadOnlyList<ModelRecord> Changed, string Message)> change) =>
        ContendedRef.Update(repo.Git, RefName, head =>
        {
            var snapshot = ReadCommit(head);
            var (changed, message) = change(snapshot);
            if (changed.Count == 0)
            {
                return RefStep.Done<string?>(null);
            }
            var models = new Dictionary<string, ModelRecord>(snapshot.Models, StringComparer.Ordinal);
            foreach (var model in changed)
            {
                models[model.Name] = model;
            }
            string commit = WriteCommit(models.Values, head is null ? [] : [head], message);
            return RefStep.Write<string?>(commit, "git-ml registry: " + message.Split('\n')[0], commit);
        }, "change the registry");

    /// <summary>Writes a registry commit holding exactly <paramref name="models"/>.</summary>
    public string WriteCommit(IEnumerable<ModelRecord> models, IEnumerable<string> parents, string message)
    {
        var blobs = models.Select(m => KeyValuePair.Create(ModelFile.FileName(m.Name), GitRefs.WriteBlob(repo.Git, ModelFile.Encode(m))));
        string tree = GitRefs.WriteTree(repo.Git, blobs);
        return GitRefs.WriteCommit(repo.Git, tree, parents, message.EndsWith('\n') ? message : message + "\n");
    }

    /// <summary>Who is acting: <see cref="MlRepository.CurrentUser"/>.</summary>
    public string CurrentUser() => repo.CurrentUser();

    private Dictionary<string, byte[]> ReadBlobs(IReadOnlyList<string> oids)
    {
        var distinct = oids.Distinct(StringComparer.Ordinal).ToList();
        var contents = GitObjects.ReadBlobs(repo.Git, distinct);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (int i = 0; i < distinct.Count; i++)
        {
            result[distinct[i]] = contents[i] ?? throw new FormatException($"registry object {distinct[i]} is missing or not a file");
        }
        return result;
    }
}
