using System.Text.Json.Nodes;
using GitMl.Core.Locks;
using GitMl.Core.Merge;

namespace GitMl.Core.Tests.Merge;

/// <summary>
/// Properties of the lock merge over generated lock files (seeded, so a failure reproduces): hundreds of random
/// pipelines, each edited on two branches by random changes, additions and deletions of stages.
/// </summary>
public sealed class LockMergerPropertyTests
{
    private const int Cases = 400;

    private static readonly string[] Names = ["prepare", "featurize", "train", "evaluate", "train@0", "train@1", "sweep@lr-0.1", "sweep@{'a': 1}", "export"];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 0; seed < Cases; seed += 50)
        {
            data.Add(seed);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Merging_identical_versions_gives_that_version(int from)
    {
        foreach (var random in Randoms(from))
        {
            var x = RandomLock(random);
            Assert.Equal(LockFileWriter.Write(x), LockMerger.Merge(x, x, x).Text);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void When_one_side_did_not_change_the_result_is_the_other_side(int from)
    {
        foreach (var random in Randoms(from))
        {
            var b = RandomLock(random);
            var o = Edit(b, random);
            Assert.Equal(LockFileWriter.Write(o), LockMerger.Merge(b, o, b).Text);
            Assert.Equal(LockFileWriter.Write(o), LockMerger.Merge(b, b, o).Text);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_clean_merge_is_symmetric_and_keeps_every_stage_both_sides_left_alone(int from)
    {
        int clean = 0;
        foreach (var random in Randoms(from))
        {
            var b = RandomLock(random);
            var o = Edit(b, random);
            var t = Edit(b, random);
            var merged = LockMerger.Merge(b, o, t);
            var swapped = LockMerger.Merge(b, t, o);
            // Merging the texts (entries with equal text are not parsed) gives what merging the parsed files gives.
            Assert.Equal(merged.Text, LockMerger.Merge(LockFileWriter.Write(b), LockFileWriter.Write(o), LockFileWriter.Write(t), "ml.lock").Text);

            Assert.Equal(merged.Conflicts.Select(c => c.Key), swapped.Conflicts.Select(c => c.Key));
            if (merged.IsClean)
            {
                clean++;
                Assert.Equal(merged.Text, swapped.Text);
                // A clean result is a canonical lock file: reading and writing it again changes nothing.
                Assert.Equal(merged.Text, LockFileWriter.Write(LockFileReader.Read(merged.Text, "merged")));
            }
            foreach (var (name, stage) in b.Stages)
            {
                string block = LockFileWriter.StageBlock(name, stage);
                if (o.Stages.TryGetValue(name, out var os) && t.Stages.TryGetValue(name, out var ts)
                    && LockFileWriter.StageBlock(name, os) == block && LockFileWriter.StageBlock(name, ts) == block)
                {
                    Assert.Contains(block, merged.Text, StringComparison.Ordinal);
                }
            }
        }
        Assert.True(clean > 0, "the generator should produce some clean merges");
    }

    private static IEnumerable<Random> Randoms(int from)
    {
        for (int seed = from; seed < from + 50; seed++)
        {
            yield return new Random(seed);
        }
    }

    private static LockFile RandomLock(Random random)
    {
        var stages = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        foreach (string name in Names.Where(_ => random.Next(3) > 0))
        {
            stages[name] = RandomStage(random);
        }
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (random.Next(4) == 0)
        {
            extra["metadata"] = "{owner: team" + random.Next(3) + "}";
        }
        return new LockFile(LockFile.CurrentSchema, stages, extra);
    }

    private static LockedStage RandomStage(Random random)
    {
        var deps = Enumerable.Range(0, random.Next(1, 4)).Select(i => RandomPath(random, $"data/in{i}.csv")).ToList();
        var outs = Enumerable.Range(0, random.Next(1, 3)).Select(i => RandomPath(random, $"out/o{i}")).ToList();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["lr"] = JsonValue.Create(random.Next(1, 5) / 10.0),
            ["epochs"] = JsonValue.Create((long)random.Next(1, 4)),
        };
        var parameters = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal) { ["params.yaml"] = values };
        var extra = random.Next(5) == 0 ? new Dictionary<string, string> { ["frozen"] = "true" } : new Dictionary<string, string>();
        return new LockedStage(random.Next(2) == 0 ? "python run.py" : "python run.py --fast", deps, parameters, outs, extra);
    }

    private static LockedPath RandomPath(Random random, string path)
    {
        bool directory = path.StartsWith("out/", StringComparison.Ordinal) && random.Next(2) == 0;
        string hash = new string((char)('a' + random.Next(3)), 64) + (directory ? ".dir" : "");
        return new LockedPath(path, "sha256", hash, random.Next(1, 4) * 100, directory ? random.Next(1, 5) : null, new Dictionary<string, string>());
    }

    /// <summary>A branch's edit: each stage kept, rerun with other results, deleted; sometimes a new stage.</summary>
    private static LockFile Edit(LockFile b, Random random)
    {
        var stages = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        foreach (var (name, stage) in b.Stages)
        {
            switch (random.Next(6))
            {
                case 0: stages[name] = RandomStage(random); break;
                case 1: break;
                default: stages[name] = stage; break;
            }
        }
        foreach (string name in Names.Where(n => !b.Stages.ContainsKey(n) && random.Next(4) == 0))
        {
            stages[name] = RandomStage(random);
        }
        var extra = new Dictionary<string, string>(b.Extra, StringComparer.Ordinal);
        if (random.Next(6) == 0)
        {
            extra["metadata"] = "{owner: team" + random.Next(3) + "}";
        }
        return b with { Stages = stages, Extra = extra };
    }
}
