using System.Text.Json.Nodes;
using GitMl.Core.Params;

namespace GitMl.Core.Pipelines;

/// <summary>
/// The stages a foreach or matrix entry generates, named as DVC names them (dvc/parsing/__init__.py):
/// <list type="bullet">
/// <item>foreach over a list of plain values: "name@value" (${item} is the value);</item>
/// <item>foreach over a list holding any list or mapping: "name@0", "name@1", ... (${item} is the element);</item>
/// <item>foreach over a mapping: "name@key" (${key} is the key, ${item} its value);</item>
/// <item>matrix: "name@v1-v2-..." over every combination, in order, the last name varying fastest; a value that is a
/// list or mapping is named by its matrix name and index ("dict0"); ${item.&lt;name&gt;} is the value, ${key} the
/// generated suffix.</item>
/// </list>
/// Values are named by DVC's text for them (true, 0.1, None). Two values with the same text generate one stage.
/// </summary>
internal static class StageTemplates
{
    public sealed record Generated(string Name, TemplateContext Context);

    public static List<Generated> Foreach(string name, SourceEntry forEach, TemplateContext context, PipelineReader reader)
    {
        SourceNode data;
        try
        {
            data = Interpolation.Resolve(forEach.Value, context, field: null);
        }
        catch (TemplateException e)
        {
            throw reader.Fail(e.Line ?? forEach.Line, $"stage `{name}`: {e.Message}");
        }
        var items = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        bool withKeys = false;
        switch (data)
        {
            case SourceMap map:
                withKeys = true;
                foreach (var entry in map.Entries)
                {
                    items[entry.Key] = entry.Value.ToJson();
                }
                break;
            case SourceList list when list.Items.Any(i => i is SourceList or SourceMap):
                for (int i = 0; i < list.Items.Count; i++)
                {
                    items[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = list.Items[i].ToJson();
                }
                break;
            case SourceList list:
                foreach (var item in list.Items)
                {
                    var value = item.ToJson();
                    items[TemplateText.Scalar(value)] = value;
                }
                break;
            default:
                throw reader.Fail(forEach.Line, $"stage `{name}`: `foreach` takes a list or a mapping (or a ${{...}} naming one), not {data.Describe()}");
        }
        try
        {
            return items.Select(pair =>
            {
                var scope = context.Clone();
                scope.SetReserved("item", pair.Value);
                if (withKeys)
                {
                    scope.SetReserved("key", JsonValue.Create(pair.Key));
                }
                return new Generated($"{name}@{pair.Key}", scope);
            }).ToList();
        }
        catch (TemplateException e)
        {
            throw reader.Fail(forEach.Line, $"stage `{name}`: {e.Message}");
        }
    }

    public static List<Generated> Matrix(string name, SourceEntry matrix, TemplateContext context, PipelineReader reader)
    {
        if (matrix.Value is not SourceMap { Entries.Count: > 0 } map)
        {
            throw reader.Fail(matrix.Line, $"stage `{name}`: `matrix` takes names with lists of values, e.g. `matrix: {{model: [cnn, xgb], lr: [0.1, 0.01]}}`");
        }
        var dimensions = new List<(string Name, List<JsonNode?> Values)>();
        foreach (var entry in map.Entries)
        {
            SourceNode values;
            try
            {
                values = Interpolation.Resolve(entry.Value, context, field: null);
            }
            catch (TemplateException e)
            {
                throw reader.Fail(e.Line ?? entry.Line, $"stage `{name}`: {e.Message}");
            }
            if (values is not SourceList list)
            {
                throw reader.Fail(entry.Line, $"stage `{name}`: matrix `{entry.Key}` must be a list of values (or a ${{...}} naming one), not {values.Describe()}");
            }
            dimensions.Add((entry.Key, list.Items.Select(i => i.ToJson()).ToList()));
        }
        try
        {
            // Refused before anything is built: six lists of twenty values are 64 million stages.
            double stages = dimensions.Aggregate(1.0, (product, d) => product * d.Values.Count);
            context.Budget.AddNodes((long)Math.Min(stages, InputLimits.MaxNodes + 1.0));
            var combinations = new OrderedDictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var combination in Product(dimensions.Select(d => d.Values.Count).ToList()))
            {
                var item = new JsonObject();
                var fragments = new List<string>();
                for (int d = 0; d < dimensions.Count; d++)
                {
                    var (dimension, values) = dimensions[d];
                    var value = values[combination[d]];
                    item[dimension] = context.Budget.Copy(value);
                    fragments.Add(value is JsonObject or JsonArray ? $"{dimension}{combination[d]}" : TemplateText.Scalar(value));
                }
                combinations[string.Join('-', fragments)] = item;
            }
            return combinations.Select(pair =>
            {
                var scope = context.Clone();
                scope.SetReserved("item", pair.Value);
                scope.SetReserved("key", JsonValue.Create(pair.Key));
                return new Generated($"{name}@{pair.Key}", scope);
            }).ToList();
        }
        catch (TemplateException e)
        {
            throw reader.Fail(matrix.Line, $"stage `{name}`: {e.Message}");
        }
    }

    /// <summary>Every combination of indexes, the last varying fastest (as itertools.product).</summary>
    private static IEnumerable<int[]> Product(List<int> sizes)
    {
        if (sizes.Any(s => s == 0))
        {
            yield break;
        }
        var current = new int[sizes.Count];
        while (true)
        {
            yield return (int[])current.Clone();
            int d = sizes.Count - 1;
            while (d >= 0 && ++current[d] == sizes[d])
            {
                current[d] = 0;
                d--;
            }
            if (d < 0)
            {
                yield break;
            }
        }
    }
}
