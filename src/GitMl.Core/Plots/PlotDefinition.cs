using System.Text.Json.Nodes;
using GitMl.Core.Params;
using GitMl.Core.Pipelines;

namespace GitMl.Core.Plots;

/// <summary>Where a plot's values come from: a data file and, where named, the field (column) in it.</summary>
public sealed record PlotSource(string File, string? Field);

/// <summary>
/// One plot a pipeline declares, in DVC's plots schema: an id (a data file's path, or a name), a template (linear,
/// simple, scatter, smooth, confusion, confusion_normalized, bar_horizontal, bar_horizontal_sorted), the x field and
/// the y sources (each a file and a field), and labels. An image file is a plot whose template is "image".
/// </summary>
public sealed record PlotDefinition(string Id, string Template, PlotSource? X, IReadOnlyList<PlotSource> Y, string? Title, string? XLabel, string? YLabel)
{
    public static readonly IReadOnlyList<string> Templates =
        ["linear", "simple", "scatter", "smooth", "confusion", "confusion_normalized", "bar_horizontal", "bar_horizontal_sorted"];

    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".svg", ".gif"];

    public bool IsImage => Template == "image";

    public bool IsConfusion => Template.StartsWith("confusion", StringComparison.Ordinal);

    /// <summary>
    /// Every plot a pipeline file declares: the top-level <c>plots</c> list (paths, or <c>id: {x, y, template, ...}</c>
    /// with y a field, a list of fields, or <c>{file: field(s)}</c>) and each stage's <c>plots</c> outputs with their
    /// options. Paths are made relative to the top of the working tree.
    /// </summary>
    /// <exception cref="PipelineFormatException">A plot definition is not of DVC's shape; the message names it.</exception>
    public static IReadOnlyList<PlotDefinition> Read(string pipelineText, string pipelineFile)
    {
        var root = YamlSource.Load(pipelineText, pipelineFile)?.ToJson() as JsonObject;
        string folder = PipelinePaths.Directory(pipelineFile);
        var plots = new List<PlotDefinition>();
        if (root?["stages"] is JsonObject stages)
        {
            foreach (var (_, stageNode) in stages)
            {
                string wdir = stageNode?["wdir"] is JsonValue w && w.TryGetValue<string>(out var dir) ? dir : ".";
                foreach (var item in stageNode?["plots"] as JsonArray ?? [])
                {
                    var (id, options) = Entry(item, pipelineFile);
                    plots.Add(Define(PipelinePaths.Join(folder, wdir, id), options, PipelinePaths.Join(folder, wdir), isPath: true, pipelineFile));
                }
            }
        }
        foreach (var item in root?["plots"] as JsonArray ?? [])
        {
            var (id, options) = Entry(item, pipelineFile);
            bool isPath = options?["y"] is not JsonObject;
            plots.Add(Define(isPath ? PipelinePaths.Join(folder, id) : id, options, folder, isPath, pipelineFile));
        }
        // A stage output also listed at the top level is one plot, defined at the top level (as DVC merges them).
        return plots.GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
    }

    private static (string Id, JsonObject? Options) Entry(JsonNode? item, string file) => item switch
    {
        JsonValue v when v.TryGetValue<string>(out var path) => (path, null),
        JsonObject { Count: 1 } o => (o.First().Key, o.First().Value as JsonObject),
        _ => throw new PipelineFormatException(file, null, "each plot is a path, or `id: {x: ..., y: ..., template: ...}`"),
    };

    private static PlotDefinition Define(string id, JsonObject? options, string folder, bool isPath, string file)
    {
        string template = Text(options, "template") ?? (isPath && ImageExtensions.Any(e => id.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? "image" : "linear");
        if (template != "image" && !Templates.Contains(template))
        {
            throw new PipelineFormatException(file, null, $"plot `{id}`: unknown template `{template}` (templates: {string.Join(", ", Templates)})");
        }
        string? defaultFile = isPath ? id : null;
        var x = options?["x"] switch
        {
            null => null,
            JsonObject o when o.Count == 1 && o.First().Value is JsonValue f && f.TryGetValue<string>(out var field) => new PlotSource(PipelinePaths.Join(folder, o.First().Key), field),
            JsonValue v when v.TryGetValue<string>(out var field) => new PlotSource(defaultFile ?? "", field),
            _ => throw new PipelineFormatException(file, null, $"plot `{id}`: x is a field, or `file: field`"),
        };
        var y = new List<PlotSource>();
        switch (options?["y"])
        {
            case null:
                if (defaultFile is null)
                {
                    throw new PipelineFormatException(file, null, $"plot `{id}` names no data: give y as `file: field`");
                }
                y.Add(new PlotSource(defaultFile, null));
                break;
            case JsonValue v when v.TryGetValue<string>(out var field):
                y.Add(new PlotSource(defaultFile ?? throw NoFile(file, id), field));
                break;
            case JsonArray fields:
                y.AddRange(fields.Select(f => new PlotSource(defaultFile ?? throw NoFile(file, id), FieldName(f, file, id))));
                break;
            case JsonObject byFile:
                foreach (var (dataFile, fields) in byFile)
                {
                    string path = PipelinePaths.Join(folder, dataFile);
                    y.AddRange(fields is JsonArray list ? list.Select(f => new PlotSource(path, FieldName(f, file, id))) : [new PlotSource(path, FieldName(fields, file, id))]);
                }
                break;
            default:
                throw new PipelineFormatException(file, null, $"plot `{id}`: y is a field, a list of fields, or `file: field(s)`");
        }
        return new PlotDefinition(id, template, x, y, Text(options, "title"), Text(options, "x_label"), Text(options, "y_label"));
    }

    private static PipelineFormatException NoFile(string file, string id) =>
        new(file, null, $"plot `{id}` is not a file: give y as `file: field`");

    private static string FieldName(JsonNode? node, string file, string id) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new PipelineFormatException(file, null, $"plot `{id}`: a field name is text");

    private static string? Text(JsonObject? options, string key) =>
        options?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
