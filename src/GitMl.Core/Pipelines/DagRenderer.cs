using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GitMl.Core.Pipelines;

/// <summary>
/// A pipeline graph as text: a readable list of stages in run order, Mermaid and Graphviz DOT (the layouts of
/// `dvc dag --mermaid` and `--dot`), and JSON for scripts. Pure functions of the graph; every output ends with a newline.
/// </summary>
public static class DagRenderer
{
    /// <summary>
    /// One line per stage in run order, with the stages it depends on:
    /// <code>
    /// prepare
    /// train    &lt;- prepare
    /// </code>
    /// </summary>
    public static string Text(PipelineGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Stages.Count == 0)
        {
            return $"{graph.Spec.FilePath} has no stages.\n";
        }
        int width = graph.Stages.Max(s => s.Name.Length);
        var sb = new StringBuilder();
        foreach (var stage in graph.Stages)
        {
            var upstream = graph.Upstream(stage.Name);
            string line = upstream.Count == 0 ? stage.Name : $"{stage.Name.PadRight(width)}  <- {string.Join(", ", upstream.Select(u => u.Name))}";
            sb.Append(line).Append(stage.Frozen ? "  (frozen)" : "").Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A Mermaid flowchart, top to bottom, one node per stage and one arrow per dependency.</summary>
    public static string Mermaid(PipelineGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ids = NodeIds(graph);
        var sb = new StringBuilder("flowchart TD\n");
        foreach (var stage in graph.Stages)
        {
            sb.Append('\t').Append(ids[stage.Name]).Append("[\"").Append(stage.Name.Replace("\"", "#quot;", StringComparison.Ordinal)).Append("\"]\n");
        }
        foreach (var edge in graph.Edges)
        {
            sb.Append('\t').Append(ids[edge.From]).Append("-->").Append(ids[edge.To]).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A Graphviz digraph (render with `dot -Tsvg`).</summary>
    public static string Dot(PipelineGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var sb = new StringBuilder("strict digraph {\n");
        foreach (var stage in graph.Stages)
        {
            sb.Append('\t').Append(Quote(stage.Name)).Append(";\n");
        }
        foreach (var edge in graph.Edges)
        {
            sb.Append('\t').Append(Quote(edge.From)).Append(" -> ").Append(Quote(edge.To)).Append(";\n");
        }
        return sb.Append("}\n").ToString();
    }

    /// <summary>
    /// <c>{"file": "ml.yaml", "nodes": [{"name", "line", "frozen", "upstream": [...]}], "edges": [{"from", "to", "paths": [...]}]}</c>,
    /// nodes in run order.
    /// </summary>
    public static string Json(PipelineGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", graph.Spec.FilePath);
            json.WriteStartArray("nodes");
            foreach (var stage in graph.Stages)
            {
                json.WriteStartObject();
                json.WriteString("name", stage.Name);
                json.WriteNumber("line", stage.Line);
                json.WriteBoolean("frozen", stage.Frozen);
                WriteStrings(json, "upstream", graph.Upstream(stage.Name).Select(u => u.Name));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in graph.Edges)
            {
                json.WriteStartObject();
                json.WriteString("from", edge.From);
                json.WriteString("to", edge.To);
                WriteStrings(json, "paths", edge.Paths);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static Dictionary<string, string> NodeIds(PipelineGraph graph) =>
        graph.Stages.Select((s, i) => (s.Name, Id: $"node{i + 1}")).ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);

    private static string Quote(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
