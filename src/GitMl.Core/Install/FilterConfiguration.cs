namespace GitMl.Core.Install;

/// <summary>
/// The git config entries git-ml owns. Git runs `git-ml` directly (not `git ml`), saving a git process per
/// filter session and per merge. The one-shot clean and smudge are the fallback for tools that do not speak the
/// long-running protocol; git itself always uses the process.
/// </summary>
public static class FilterConfiguration
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Entries =
    [
        new("filter.ml.process", "git-ml filter-process"),
        new("filter.ml.clean", "git-ml clean -- %f"),
        new("filter.ml.smudge", "git-ml smudge -- %f"),
        new("filter.ml.required", "true"),
        new("merge.ml-lock.name", "git-ml merge driver for ml.lock and dvc.lock"),
        new("merge.ml-lock.driver", "git-ml merge-driver --ancestor %O --current %A --other %B --marker-size %L --path %P"),
        new("merge.ml-params.name", "git-ml merge driver for parameter files"),
        new("merge.ml-params.driver", "git-ml merge-driver --ancestor %O --current %A --other %B --marker-size %L --path %P"),
        // Runs are notes on commits: this makes them follow `git commit --amend` and `git rebase` to the new commit.
        new("notes.rewriteRef", "refs/notes/ml-runs"),
    ];

    /// <summary>The config sections git-ml creates; removed on uninstall once nothing else is left in them.</summary>
    public static readonly IReadOnlyList<string> Sections = ["filter.ml", "merge.ml-lock", "merge.ml-params", "notes"];

    /// <summary>
    /// Whether git will run git-ml's filter in this repository, judged from the user's own git config (never from
    /// .mlconfig, which git does not read): without it git leaves pointers in the working tree and `git add` stores
    /// content in Git as it is.
    /// </summary>
    public static bool IsConfigured(Git.GitConfig userConfig) =>
        !string.IsNullOrWhiteSpace(userConfig.Get("filter.ml.process"))
        || (!string.IsNullOrWhiteSpace(userConfig.Get("filter.ml.clean")) && !string.IsNullOrWhiteSpace(userConfig.Get("filter.ml.smudge")));

    /// <summary>
    /// Whether an existing value was written by some version of git-ml (and so may be updated or removed): git-ml's
    /// values all start with its command name or, for the boolean, are what git-ml writes.
    /// </summary>
    public static bool IsOwned(string key, string value)
    {
        string? ours = Entries.FirstOrDefault(e => e.Key == key).Value;
        return value == ours
            || value.StartsWith("git-ml ", StringComparison.Ordinal)
            || value.StartsWith("git ml ", StringComparison.Ordinal)
            || (key == "filter.ml.required" && value == "true");
    }
}
