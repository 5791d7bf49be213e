namespace GitMl.Core.Pipelines;

/// <summary>
/// The stages of a pipeline as a graph: a stage depends on another when one of its dependencies (a path in deps, or
/// a params file) is an output of the other, is inside an output directory, or is a directory holding an output.
/// Paths are compared relative to the top of the working tree (pipeline folder and wdir applied, see
/// <see cref="PipelinePaths"/>). Building the graph checks what DVC checks: no cycle, no path produced by two stages
/// (or inside another stage's output directory), no stage depending on its own output.
/// </summary>
public sealed class PipelineGraph
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int> _fileOrder;
    private readonly List<int>[] _upstream;
    private readonly List<int>[] _downstream;

    private PipelineGraph(PipelineSpec spec, IReadOnlyList<StageSpec> stages, IReadOnlyList<PipelineEdge> edges)
    {
        Spec = spec;
        Stages = stages;
        Edges = edges;
        _index = stages.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _fileOrder = spec.Stages.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _upstream = stages.Select(_ => new List<int>()).ToArray();
        _downstream = stages.Select(_ => new List<int>()).ToArray();
        foreach (var edge in edges)
        {
            _upstream[_index[edge.To]].Add(_index[edge.From]);
            _downstream[_index[edge.From]].Add(_index[edge.To]);
        }
        foreach (var list in _upstream.Concat(_downstream))
        {
            list.Sort();
        }
    }

    public PipelineSpec Spec { get; }

    /// <summary>Every stage, in an order they can run in: a stage after all it depends on, otherwise in file order.</summary>
    public IReadOnlyList<StageSpec> Stages { get; }

    /// <summary>The dependencies between stages, ordered by the downstream stage, then the upstream one, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<PipelineEdge> Edges { get; }

    /// <summary>Builds the graph of a pipeline.</summary>
    /// <exception cref="PipelineFormatException">A cycle, a path produced twice or inside another output, or a stage depending on its own output; the message names the stages and their lines.</exception>
    public static PipelineGraph Build(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var stages = spec.Stages;
        var outs = stages.Select(s => s.Outs.Select(o => WorkTreePath(spec, s, o.Path)).ToList()).ToList();
        var deps = stages.Select(s => s.Deps.Concat(s.Params.Select(p => p.File)).Select(d => WorkTreePath(spec, s, d)).Distinct().ToList()).ToList();
        CheckOutputs(spec, outs);
        for (int i = 0; i < stages.Count; i++)
        {
            if (deps[i].FirstOrDefault(outs[i].Contains) is { } both)
            {
                throw new PipelineFormatException(spec.FilePath, stages[i].Line,
                    $"stage `{stages[i].Name}` lists `{both}` both as a dependency and as an output: a stage cannot depend on what it produces; remove it from deps (to update a file in place, keep it as an output with persist: true)");
            }
        }
        // Every pair of stages is compared, so the loop allocates only for the links it finds: with a list (and an
        // iterator) per pair, a pipeline of 100 stages allocated 1.8 MB here, which a no-op repro paid in page faults.
        var links = new List<(int From, int To, List<string> Paths)>();
        for (int to = 0; to < stages.Count; to++)
        {
            for (int from = 0; from < stages.Count && deps[to].Count > 0; from++)
            {
                if (from == to)
                {
                    continue;
                }
                List<string>? paths = null;
                foreach (string dep in deps[to])
                {
                    if (OverlapsAny(dep, outs[from]))
                    {
                        (paths ??= []).Add(dep);
                    }
                }
                if (paths is not null)
                {
                    links.Add((from, to, paths));
                }
            }
        }
        var order = Order(spec, links);
        var position = order.Select((stage, p) => (stage, p)).ToDictionary(x => x.stage, x => x.p);
        var edges = links
            .OrderBy(l => position[l.To]).ThenBy(l => position[l.From])
            .Select(l => new PipelineEdge(stages[l.From].Name, stages[l.To].Name, l.Paths))
            .ToList();
        return new PipelineGraph(spec, order.Select(i => stages[i]).ToList(), edges);
    }

    private static bool OverlapsAny(string dep, List<string> outs)
    {
        foreach (string output in outs)
        {
            if (PipelinePaths.Overlap(dep, output))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A path of a stage (a dependency or an output, as written) relative to the top of the working tree.</summary>
    public static string WorkTreePath(PipelineSpec spec, StageSpec stage, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stage);
        return PipelinePaths.Join(PipelinePaths.Directory(spec.FilePath), stage.WorkingDirectory, path);
    }

    /// <summary>The stage of that name.</summary>
    /// <exception cref="ArgumentException">There is no such stage; the message suggests the closest name.</exception>
    public StageSpec Stage(string name) => Stages[IndexOf(name)];

    /// <summary>The stages <paramref name="stage"/> depends on directly, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<StageSpec> Upstream(string stage) => _upstream[IndexOf(stage)].Select(i => Stages[i]).ToList();

    /// <summary>The stages that depend on <paramref name="stage"/> directly, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<StageSpec> Downstream(string stage) => _downstream[IndexOf(stage)].Select(i => Stages[i]).ToList();

    /// <summary>Every stage <paramref name="stage"/> depends on, directly or not, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<StageSpec> Ancestors(string stage) => Reachable(IndexOf(stage), _upstream);

    /// <summary>Every stage that depends on <paramref name="stage"/>, directly or not, in <see cref="Stages"/> order.</summary>
    public IReadOnlyList<StageSpec> Descendants(string stage) => Reachable(IndexOf(stage), _downstream);

    /// <summary>
    /// The stages in waves that can run in parallel: the first wave depends on no stage, each later one only on
    /// stages of earlier waves (a stage is in the wave after the last of its upstream stages). File order within a wave.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<StageSpec>> Levels()
    {
        var level = new int[Stages.Count];
        for (int i = 0; i < Stages.Count; i++)
        {
            level[i] = _upstream[i].Count == 0 ? 0 : _upstream[i].Max(u => level[u]) + 1;
        }
        return Enumerable.Range(0, Stages.Count)
            .GroupBy(i => level[i])
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<StageSpec>)g.Select(i => Stages[i]).OrderBy(FileOrder).ToList())
            .ToList();
    }

    /// <summary>
    /// The stages targets name, in <see cref="Stages"/> order: a stage name ("train@0"), the name of a foreach or matrix
    /// entry for all the stages it generates ("train"), either optionally prefixed with the pipeline file ("ml.yaml:train").
    /// </summary>
    /// <exception cref="ArgumentException">A target names no stage; the message suggests the closest name.</exception>
    public IReadOnlyList<StageSpec> Select(IEnumerable<string> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var selected = new HashSet<int>();
        foreach (string target in targets)
        {
            string name = target.StartsWith(Spec.FilePath + ":", StringComparison.Ordinal) ? target[(Spec.FilePath.Length + 1)..] : target;
            if (_index.TryGetValue(name, out int index))
            {
                selected.Add(index);
                continue;
            }
            var group = Enumerable.Range(0, Stages.Count).Where(i => GroupOf(Stages[i].Name) == name).ToList();
            if (group.Count == 0)
            {
                throw Unknown(target);
            }
            selected.UnionWith(group);
        }
        return selected.Order().Select(i => Stages[i]).ToList();
    }

    /// <summary>The graph of <paramref name="stages"/> and every stage they depend on.</summary>
    public PipelineGraph WithAncestors(IEnumerable<StageSpec> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            keep.Add(stage.Name);
            keep.UnionWith(Ancestors(stage.Name).Select(s => s.Name));
        }
        return new PipelineGraph(Spec, Stages.Where(s => keep.Contains(s.Name)).ToList(), Edges.Where(e => keep.Contains(e.From) && keep.Contains(e.To)).ToList());
    }

    private static string GroupOf(string name) => name.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? name[..at] : name;

    private int FileOrder(StageSpec stage) => _fileOrder[stage.Name];

    private int IndexOf(string name) => _index.TryGetValue(name, out int index) ? index : throw Unknown(name);

    private ArgumentException Unknown(string name)
    {
        var names = Stages.Select(s => s.Name).Concat(Stages.Select(s => GroupOf(s.Name))).Distinct().ToList();
        string known = Stages.Count == 0 ? $"{Spec.FilePath} has no stages" : Stages.Count <= 12 ? $"the stages are {string.Join(", ", Stages.Select(s => s.Name))}" : $"{Stages.Count} stages; see `git ml dag`";
        return new ArgumentException($"no stage `{name}` in {Spec.FilePath}{Suggestions.DidYouMean(name, names)} ({known})");
    }

    private List<StageSpec> Reachable(int start, List<int>[] next)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(next[start]);
        while (stack.Count > 0)
        {
            int i = stack.Pop();
            if (seen.Add(i))
            {
                next[i].ForEach(stack.Push);
            }
        }
        return seen.Order().Select(i => Stages[i]).ToList();
    }

    /// <summary>Kahn's algorithm, taking the first stage in file order among those ready: a stable order.</summary>
    private static List<int> Order(PipelineSpec spec, List<(int From, int To, List<string> Paths)> links)
    {
        int count = spec.Stages.Count;
        var waiting = new int[count];
        var next = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        foreach (var (from, to, _) in links)
        {
            waiting[to]++;
            next[from].Add(to);
        }
        var ready = new PriorityQueue<int, int>(Enumerable.Range(0, count).Where(i => waiting[i] == 0).Select(i => (i, i)));
        var order = new List<int>(count);
        while (ready.TryDequeue(out int stage, out _))
        {
            order.Add(stage);
            foreach (int after in next[stage])
            {
                if (--waiting[after] == 0)
                {
                    ready.Enqueue(after, after);
                }
            }
        }
        if (order.Count < count)
        {
            var cycle = FindCycle(Enumerable.Range(0, count).Where(i => waiting[i] > 0).ToHashSet(), links);
            var names = cycle.Select(i => $"`{spec.Stages[i].Name}`").Append($"`{spec.Stages[cycle[0]].Name}`");
            throw new PipelineFormatException(spec.FilePath, spec.Stages[cycle[0]].Line,
                $"the stages depend on each other in a cycle: {string.Join(" -> ", names)} (each uses an output of the one before); break the cycle by changing a dependency or an output");
        }
        return order;
    }

    /// <summary>One cycle among <paramref name="stuck"/> (stages Kahn's algorithm could not order), in dependency order, starting at the earliest stage in the file.</summary>
    private static List<int> FindCycle(HashSet<int> stuck, List<(int From, int To, List<string> Paths)> links)
    {
        var upstream = stuck.ToDictionary(i => i, i => links.Where(l => l.To == i && stuck.Contains(l.From)).Select(l => l.From).Order().ToList());
        // Every stuck stage has a stuck upstream stage: walk upstream until a stage repeats.
        var path = new List<int>();
        var seenAt = new Dictionary<int, int>();
        for (int current = stuck.Min(); !seenAt.ContainsKey(current); current = upstream[current][0])
        {
            seenAt[current] = path.Count;
            path.Add(current);
        }
        var cycle = path.Skip(seenAt[upstream[path[^1]][0]]).Reverse().ToList();
        int first = cycle.IndexOf(cycle.Min());
        return cycle.Skip(first).Concat(cycle.Take(first)).ToList();
    }

    private static void CheckOutputs(PipelineSpec spec, List<List<string>> outs)
    {
        var all = outs.SelectMany((paths, stage) => paths.Select(path => (Stage: stage, Path: path))).ToList();
        for (int a = 0; a < all.Count; a++)
        {
            for (int b = 0; b < a; b++)
            {
                var (earlier, later) = (all[b], all[a]);
                if (!PipelinePaths.Overlap(earlier.Path, later.Path))
                {
                    continue;
                }
                var first = spec.Stages[earlier.Stage];
                var second = spec.Stages[later.Stage];
                string problem;
                if (earlier.Path == later.Path)
                {
                    problem = earlier.Stage == later.Stage
                        ? $"stage `{second.Name}` lists the output `{later.Path}` twice; keep one"
                        : $"`{later.Path}` is an output of both `{first.Name}` (line {first.Line}) and `{second.Name}`: each path is produced by one stage; rename one of them";
                }
                else
                {
                    var (inner, innerStage, outer, outerStage) = PipelinePaths.IsSameOrInside(later.Path, earlier.Path)
                        ? (later.Path, second, earlier.Path, first)
                        : (earlier.Path, first, later.Path, second);
                    problem = $"`{inner}`, an output of `{innerStage.Name}` (line {innerStage.Line}), is inside `{outer}`, an output of `{outerStage.Name}` (line {outerStage.Line}): outputs cannot overlap; write it elsewhere, or list the files of `{outer}` one by one";
                }
                throw new PipelineFormatException(spec.FilePath, second.Line, problem);
            }
        }
    }
}
