using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Cached stage outputs are git-ml tracked files: after a run, every one that no .gitattributes pattern covers yet
/// gets a pattern of its own (a directory: everything under it), so `git add` stores a pointer and not the bytes.
/// </summary>
public static class OutputTracking
{
    private static readonly object Gate = new();

    public static void Ensure(MlRepository repo, IEnumerable<string> outputs)
    {
        var probes = outputs.ToDictionary(o => Directory.Exists(Path.Combine(repo.WorkTree, o)) ? o + "/probe" : o, o => o);
        if (probes.Count == 0)
        {
            return;
        }
        lock (Gate)
        {
            var filters = GitAttributes.Read(repo.Git, "filter", probes.Keys);
            var file = AttributesFile.Load(Path.Combine(repo.WorkTree, ".gitattributes"));
            bool changed = false;
            foreach (var (probe, output) in probes)
            {
                if (filters.GetValueOrDefault(probe) == "ml")
                {
                    continue;
                }
                string pattern = probe == output ? AttributePattern.ForLiteralPath(output) : AttributePattern.ForLiteralPath(output) + "/**";
                changed |= file.Track(pattern);
            }
            if (changed)
            {
                file.Save();
            }
        }
    }
}
