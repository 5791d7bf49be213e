using System.Text;
using GitMl.Core.Merge;
using GitMl.Git;

namespace GitMl.Core.Tests.Merge;

/// <summary>
/// The params merge against the real `git merge-file` (issue 16 point 4): example-get-started's params file with
/// comments, edited on two branches by random, seeded edits to different keys (values, comments above keys and at the
/// end of lines, added and deleted keys, new sections with header comments). Wherever git merges the lines cleanly,
/// the key-level merge must give exactly git's text: comments included.
/// </summary>
public sealed class ParamsMergerPropertyTests
{
    private const int Cases = 300;

    [Fact]
    public void Where_git_merges_cleanly_the_result_is_gits()
    {
        using var dir = new TempDirectory();
        var git = new GitCli(dir.Path);
        int clean = 0;
        for (int seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var model = Model.GetStarted();
            var keys = model.AllKeys().OrderBy(_ => random.Next()).ToList();
            int split = random.Next(1, keys.Count - 1);
            var deletable = new HashSet<string>(StringComparer.Ordinal);
            string b = model.Render();
            string o = Edit(model, keys.Take(split).ToList(), random, "o", deletable).Render();
            string t = Edit(model, keys.Skip(split).ToList(), random, "t", deletable).Render();

            string? byGit = GitMergeFile(git, dir, b, o, t);
            var ours = ParamsMerger.Merge(b, o, t, "params.yaml");
            if (byGit is null)
            {
                continue;
            }
            clean++;
            Assert.True(byGit == ours.Text, $"seed {seed}:\n--- base\n{b}--- ours\n{o}--- theirs\n{t}--- git\n{byGit}--- git-ml\n{ours.Text}");
            Assert.Empty(ours.Conflicts);
        }
        Assert.True(clean >= Cases / 4, $"only {clean} of {Cases} cases merged cleanly with git: the generator tests too little");
    }

    /// <summary>git's merge of the three texts; null when git leaves conflicts.</summary>
    private static string? GitMergeFile(GitCli git, TempDirectory dir, string b, string o, string t)
    {
        File.WriteAllText(dir.Combine("base"), b);
        File.WriteAllText(dir.Combine("ours"), o);
        File.WriteAllText(dir.Combine("theirs"), t);
        var result = git.Run(["merge-file", "-p", "ours", "base", "theirs"]);
        Assert.True(result.ExitCode >= 0, result.Stderr);
        return result.ExitCode == 0 ? Encoding.UTF8.GetString(result.Stdout) : null;
    }

    private static Model Edit(Model baseModel, List<(int Section, int Key)> keys, Random random, string side, HashSet<string> deletedSections)
    {
        var model = baseModel.Clone();
        var targets = keys.Take(random.Next(1, 4)).Select(k => model.Sections[k.Section].Keys[k.Key]).ToList();
        int added = 0;
        foreach (var key in targets)
        {
            added++;
            var section = model.Sections.First(s => s.Keys.Contains(key));
            switch (random.Next(6))
            {
                case 0:
                    key.Value = random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case 1:
                    key.Above.Add($"# {side} note {random.Next(100)}");
                    break;
                case 2:
                    key.Trailing = $"# {side} says {random.Next(100)}";
                    break;
                case 3 when section.Keys.Count > 1 && deletedSections.Add(section.Name):
                    section.Keys.Remove(key);
                    break;
                case 4:
                    var addedKey = new ParamKey($"{side}_{key.Name}", random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (random.Next(2) == 0)
                    {
                        addedKey.Above.Add($"# added by {side}");
                    }
                    section.Keys.Insert(section.Keys.IndexOf(key) + 1, addedKey);
                    break;
                default:
                    var fresh = new ParamSection($"{side}_section_{added}", ["", $"# section added by {side}"]);
                    fresh.Keys.Add(new ParamKey("enabled", "true"));
                    model.Sections.Insert(model.Sections.IndexOf(section) + 1, fresh);
                    break;
            }
        }
        return model;
    }

    private sealed class ParamKey(string name, string value)
    {
        public string Name { get; } = name;

        public string Value { get; set; } = value;

        public List<string> Above { get; init; } = [];

        public string? Trailing { get; set; }

        public ParamKey Clone() => new(Name, Value) { Above = [.. Above], Trailing = Trailing };
    }

    private sealed class ParamSection(string name, List<string> above)
    {
        public string Name { get; } = name;

        public List<string> Above { get; } = above;

        public List<ParamKey> Keys { get; init; } = [];
    }

    private sealed class Model
    {
        public List<ParamSection> Sections { get; init; } = [];

        public static Model GetStarted()
        {
            var model = new Model();
            model.Sections.Add(new ParamSection("prepare", ["# Parameters of example-get-started"]) { Keys = [new ParamKey("split", "0.20") { Trailing = "# test share" }, new ParamKey("seed", "20170428")] });
            model.Sections.Add(new ParamSection("featurize", [""]) { Keys = [new ParamKey("max_features", "100"), new ParamKey("ngrams", "1")] });
            model.Sections.Add(new ParamSection("train", [""]) { Keys = [new ParamKey("seed", "20170428"), new ParamKey("n_est", "50") { Above = ["# number of trees"] }, new ParamKey("min_split", "0.01")] });
            return model;
        }

        public Model Clone() => new()
        {
            Sections = [.. Sections.Select(s => new ParamSection(s.Name, [.. s.Above]) { Keys = [.. s.Keys.Select(k => k.Clone())] })],
        };

        public List<(int Section, int Key)> AllKeys() =>
            [.. Sections.SelectMany((s, i) => s.Keys.Select((_, j) => (i, j)))];

        public string Render()
        {
            var sb = new StringBuilder();
            foreach (var section in Sections)
            {
                foreach (string line in section.Above)
                {
                    sb.Append(line).Append('\n');
                }
                sb.Append(section.Name).Append(":\n");
                foreach (var key in section.Keys)
                {
                    foreach (string line in key.Above)
                    {
                        sb.Append("  ").Append(line).Append('\n');
                    }
                    sb.Append("  ").Append(key.Name).Append(": ").Append(key.Value);
                    if (key.Trailing is not null)
                    {
                        sb.Append("  ").Append(key.Trailing);
                    }
                    sb.Append('\n');
                }
            }
            return sb.ToString();
        }
    }
}
