using GitMl.Core.Locks;
using GitMl.Core.Yaml;

namespace GitMl.Core.Pipelines.Repro;

/// <summary>
/// Why a stage must run, in words a person can check: each difference between the stage as it is now and its
/// lock entry (command, a dependency, a parameter value, an output). No reasons: the stage is up to date.
/// </summary>
public static class StageStatus
{
    public static List<string> Reasons(StageSpec stage, LockedStage? locked, LockedStage now, IReadOnlyList<string> missingDeps, IReadOnlyList<string> missingOuts)
    {
        var reasons = new List<string>();
        if (locked is null)
        {
            reasons.Add("it has never run (no entry in the lock file)");
            return reasons;
        }
        if (stage.AlwaysChanged)
        {
            reasons.Add("always_changed is set");
        }
        if (locked.Command != now.Command)
        {
            reasons.Add("its command changed");
        }
        CompareDeps(locked, now, missingDeps, reasons);
        CompareParams(stage, locked, now, reasons);
        CompareOuts(locked, now, missingOuts, reasons);
        return reasons;
    }

    private static void CompareDeps(LockedStage locked, LockedStage now, IReadOnlyList<string> missing, List<string> reasons)
    {
        if (locked.Deps.Count == 0 && now.Deps.Count == 0 && missing.Count == 0)
        {
            return; // nothing to compare (many stages have no dependencies): no dictionary and set for each
        }
        var before = locked.Deps.ToDictionary(d => d.Path, StringComparer.Ordinal);
        foreach (var dep in now.Deps)
        {
            if (!before.TryGetValue(dep.Path, out var old))
            {
                reasons.Add($"dependency {dep.Path} was added");
            }
            else if (old.Hash != dep.Hash)
            {
                reasons.Add($"dependency {dep.Path} changed");
            }
        }
        foreach (string path in missing)
        {
            reasons.Add($"dependency {path} is missing");
        }
        var current = now.Deps.Select(d => d.Path).Concat(missing.Select(StagePaths.Normalize)).ToHashSet(StringComparer.Ordinal);
        foreach (var old in locked.Deps.Where(d => !current.Contains(d.Path)))
        {
            reasons.Add($"dependency {old.Path} was removed");
        }
    }

    private static void CompareParams(StageSpec stage, LockedStage locked, LockedStage now, List<string> reasons)
    {
        if (locked.Params.Count == 0 && now.Params.Count == 0)
        {
            return;
        }
        foreach (var (file, values) in now.Params)
        {
            locked.Params.TryGetValue(file, out var oldValues);
            foreach (var (key, value) in values)
            {
                if (oldValues is null || !oldValues.TryGetValue(key, out var old))
                {
                    // Used through ${...} only: a lock written without it (by DVC, or an older git-ml) is not stale
                    // for that; the value reached the stage through its command, which is compared above.
                    if (!stage.ParamsFromTemplates.Any(p => StagePaths.Normalize(p.File) == file && p.Keys.Contains(key, StringComparer.Ordinal)))
                    {
                        reasons.Add($"parameter {key} ({file}) was added");
                    }
                }
                else if (YamlScalars.Value(old) != YamlScalars.Value(value))
                {
                    reasons.Add($"parameter {key} ({file}) changed from {YamlScalars.Value(old)} to {YamlScalars.Value(value)}");
                }
            }
            foreach (string key in oldValues?.Keys.Where(k => !values.ContainsKey(k)) ?? [])
            {
                reasons.Add($"parameter {key} ({file}) was removed");
            }
        }
        foreach (string file in locked.Params.Keys.Where(f => !now.Params.ContainsKey(f)))
        {
            reasons.Add($"parameters of {file} are no longer used");
        }
    }

    private static void CompareOuts(LockedStage locked, LockedStage now, IReadOnlyList<string> missing, List<string> reasons)
    {
        var before = locked.Outs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        foreach (string path in missing)
        {
            reasons.Add($"output {path} is missing");
        }
        foreach (var output in now.Outs)
        {
            if (!before.TryGetValue(output.Path, out var old))
            {
                reasons.Add($"output {output.Path} is new in the pipeline");
            }
            else if (old.Hash != output.Hash)
            {
                reasons.Add($"output {output.Path} was modified");
            }
        }
        var declared = now.Outs.Select(o => o.Path).Concat(missing.Select(StagePaths.Normalize)).ToHashSet(StringComparer.Ordinal);
        foreach (var old in locked.Outs.Where(o => !declared.Contains(o.Path)))
        {
            reasons.Add($"output {old.Path} is no longer declared");
        }
    }
}
