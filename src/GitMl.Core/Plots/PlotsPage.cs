using System.Text;
using System.Text.Json.Nodes;

namespace GitMl.Core.Plots;

/// <summary>
/// What `git ml plots` writes: the plots' data as JSON (<see cref="Json"/>, also what --json prints) and one HTML page
/// (<see cref="Html"/>) that holds every plot as inline SVG, images as data URIs and the JSON, so it opens offline from
/// a file, runs no script, and fetches nothing.
/// </summary>
public static class PlotsPage
{
    /// <summary>{"revisions": [...], "plots": [{"id", "template", "title", "x", "x_label", "y_label", "series": [{"revision", "file", "field", "x": [...], "y": [...]}], "images": [...], "problems": [...]}]}</summary>
    public static JsonObject Json(IReadOnlyList<string> revisions, IReadOnlyList<PlotData> plots) => new()
    {
        ["revisions"] = new JsonArray([.. revisions.Select(r => (JsonNode?)r)]),
        ["plots"] = new JsonArray([.. plots.Select(p => (JsonNode?)new JsonObject
        {
            ["id"] = p.Definition.Id,
            ["template"] = p.Definition.Template,
            ["title"] = p.Definition.Title,
            ["x"] = p.XField,
            ["x_label"] = p.Definition.XLabel,
            ["y_label"] = p.Definition.YLabel,
            ["series"] = new JsonArray([.. p.Series.Select(s => (JsonNode?)new JsonObject
            {
                ["revision"] = s.Revision,
                ["file"] = s.File,
                ["field"] = s.Field,
                ["x"] = new JsonArray([.. s.X.Select(v => v?.DeepClone())]),
                ["y"] = new JsonArray([.. s.Y.Select(v => v?.DeepClone())]),
            })]),
            ["images"] = new JsonArray([.. p.Images.Select(i => (JsonNode?)new JsonObject { ["revision"] = i.Revision, ["file"] = i.File, ["bytes"] = i.Bytes.Length })]),
            ["problems"] = new JsonArray([.. p.Problems.Select(x => (JsonNode?)x)]),
        })]),
    };

    public static string Html(IReadOnlyList<string> revisions, IReadOnlyList<PlotData> plots)
    {
        var html = new StringBuilder();
        string title = "Plots: " + string.Join(" vs ", revisions);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
            .Append("<title>").Append(SvgPlot.Escape(title)).Append("</title><style>")
            .Append(":root{color-scheme:light dark}body{font:14px system-ui,sans-serif;margin:24px;max-width:1500px}")
            .Append("section{display:inline-block;vertical-align:top;margin:0 24px 24px 0}svg{max-width:100%;height:auto}")
            .Append("h2{font-size:15px;margin:0 0 6px}.problem{color:#c2410c;margin:2px 0}img{max-width:720px;display:block;margin-bottom:8px}")
            .Append("@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}}")
            .Append("</style></head><body>\n<h1>").Append(SvgPlot.Escape(title)).Append("</h1>\n");
        foreach (var plot in plots)
        {
            html.Append("<section data-plot=\"").Append(SvgPlot.Escape(plot.Definition.Id)).Append("\"><h2>").Append(SvgPlot.Escape(plot.Definition.Id)).Append("</h2>");
            if (plot.Definition.IsImage)
            {
                foreach (var image in plot.Images)
                {
                    html.Append("<figure><figcaption>").Append(SvgPlot.Escape(image.Revision)).Append("</figcaption><img alt=\"")
                        .Append(SvgPlot.Escape(image.File)).Append("\" src=\"data:").Append(MediaType(image.File)).Append(";base64,")
                        .Append(Convert.ToBase64String(image.Bytes)).Append("\"></figure>");
                }
            }
            else
            {
                html.Append(SvgPlot.Render(plot));
            }
            foreach (string problem in plot.Problems)
            {
                html.Append("<p class=\"problem\">").Append(SvgPlot.Escape(problem)).Append("</p>");
            }
            html.Append("</section>\n");
        }
        // The data, for tools: JSON in a non-executed script element, with '<' escaped so no text can close it.
        string json = Json(revisions, plots).ToJsonString().Replace("<", "\\u003c", StringComparison.Ordinal);
        html.Append("<script type=\"application/json\" id=\"plots-data\">").Append(json).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static string MediaType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
