using GitMl.Core.Objects;
using GitMl.Core.Registry;
using GitMl.Core.Remotes;
using GitMl.Core.Transfer;

namespace GitMl.Core.Drift;

/// <summary>
/// `git ml drift URI --data PATH`: compares new data with the training data a model version records (its lineage),
/// fetching the training data from the data remote when this clone lacks it. With several training files, the one
/// to compare with is the one given by <c>against</c>, else the one with the same file name as the new data.
/// </summary>
public sealed class ModelDriftCheck(MlRepository repo, IBlobStoreFactory? remotes)
{
    /// <exception cref="ArgumentException">The model records no training data, or which file to compare with is unclear; the message says what to give.</exception>
    public (ResolvedModel Model, RunArtifact Reference, DriftReport Report) Run(string uri, string dataPath, string workingDirectory, string? against, DriftOptions options)
    {
        var resolved = new ModelRegistry(repo, remotes).Resolve(ModelUri.Parse(uri));
        var data = resolved.Version.Data;
        if (data.Count == 0)
        {
            throw new ArgumentException($"{resolved.Uri} (version {resolved.Version.Number}) records no training data: register models from runs (git ml model register NAME --run RUN_ID) to keep their lineage");
        }
        string current = Path.GetFullPath(dataPath, workingDirectory);
        if (!File.Exists(current))
        {
            throw new FileNotFoundException($"{dataPath}: no such file (--data takes a file, e.g. a CSV)");
        }
        var reference = Choose(data, Path.GetFileName(current), against, resolved.Uri.ToString());
        var oid = ObjectId.Parse(reference.Oid);
        MissingObjects.Fetch(repo, remotes, [new PointerUse(new Pointer(oid, reference.Size), reference.Path)], $"the training data of {resolved.Uri}");
        if (ModelContent.TryReadManifest(repo.Store, oid) is not null)
        {
            throw new ArgumentException($"{reference.Path}, the training data of {resolved.Uri}, is a folder: compare a file inside it with --against {reference.Path}/FILE after checking that commit out, or give the folder's files one by one");
        }
        var report = DriftAnalyzer.Compare(
            new DriftInput(reference.Path, oid.Hex, () => repo.Store.OpenRead(oid)),
            new DriftInput(dataPath, null, () => new FileStream(current, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)),
            options);
        return (resolved, reference, report);
    }

    private static RunArtifact Choose(IReadOnlyList<RunArtifact> data, string fileName, string? against, string uri)
    {
        if (against is not null)
        {
            return data.FirstOrDefault(d => d.Path == against.Replace('\\', '/').TrimStart('.', '/'))
                ?? throw new ArgumentException($"--against {against}: not among the training data of {uri}: {string.Join(", ", data.Select(d => d.Path))}");
        }
        if (data.Count == 1)
        {
            return data[0];
        }
        var named = data.Where(d => Path.GetFileName(d.Path) == fileName).ToList();
        return named.Count == 1
            ? named[0]
            : throw new ArgumentException($"{uri} was trained on {data.Count} files; say which one to compare with: --against PATH, one of {string.Join(", ", data.Select(d => d.Path))}");
    }
}
