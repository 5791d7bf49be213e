using GitMl.Core.Import;
using GitMl.Core.Tracking;
using GitMl.Git;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Cached stage outputs are git-ml tracked files: after a run, every one that no .gitattributes pattern covers yet
/// gets a pattern of its own (a directory: everything under it), so `git add` stores a pointer and not the bytes.
/// And Git must see them: DVC's "/name" lines for them in the .gitignore next to them are removed (a project that
/// came from DVC has one for every output), so `git add -A` commits them and a clone finds the stage up to date. An
/// output still hidden by a rule of the user's own is not edited but named, with the rule.
/// </summary>
public static class OutputTracking
{
    private static readonly object Gate = new();

    /// <returns>What was changed in .gitignore files, and warnings about outputs still ignored; lines to show the user.</returns>
    public static List<string> Ensure(MlRepository repo, IReadOnlyList<string> outputs)
    {
        if (outputs.Count == 0)
        {
            return [];
        }
        var probes = outputs.ToDictionary(o => Directory.Exists(Path.Combine(repo.WorkTree, o)) ? o + "/probe" : o, o => o);
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
            var notes = DvcGitIgnore.RemoveEntries(repo.WorkTree, outputs)
                .Select(g => $"Removed DVC's lines for {string.Join(", ", outputs.Where(o => DvcGitIgnore.EntryFor(o).GitIgnore == g))} from {g}: git-ml stores them, so Git must see them.")
                .ToList();
            notes.AddRange(StillIgnored(repo, outputs));
            return notes;
        }
    }

    /// <summary>A warning for each output that ignore rules still hide (some or all of its files), naming the rule.</summary>
    private static IEnumerable<string> StillIgnored(MlRepository repo, IReadOnlyList<string> outputs)
    {
        var ignored = GitIgnores.IgnoredFiles(repo.Git, outputs);
        if (ignored.Count == 0)
        {
            return [];
        }
        var byOutput = outputs
            .Select(o => (Output: o, Files: ignored.Where(f => PipelinePaths.IsSameOrInside(f, o)).ToList()))
            .Where(g => g.Files.Count > 0)
            .ToList();
        var rules = GitIgnores.Rules(repo.Git, byOutput.Select(g => g.Files[0]));
        return byOutput.Select(g =>
        {
            string what = g.Files is [var only] && only == g.Output ? $"output {g.Output} is" : $"{g.Files.Count} file(s) of output {g.Output} are";
            string by = rules.TryGetValue(g.Files[0], out var rule) ? $" by {rule.Source}:{rule.Line} ({rule.Pattern})" : "";
            return $"git-ml: warning: {what} ignored{by}, so `git add -A` leaves it out and a clone would find the stage stale; narrow that rule, or `git add -f {g.Output}`.";
        });
    }
}
