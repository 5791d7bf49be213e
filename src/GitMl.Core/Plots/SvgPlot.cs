using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GitMl.Core.Plots;

/// <summary>
/// Draws a plot as a self-contained SVG (no script, no external reference), the one renderer behind
/// `git ml plots` and the web UI's plots: lines (linear, simple), points (scatter), a moving average over the lines
/// (smooth), count grids (confusion, confusion_normalized) and bars (bar_horizontal, _sorted). Each series is one
/// element with <c>data-series</c> (its name) and <c>data-points</c> (how many points it draws). Long series are thinned
/// to <see cref="MaxPoints"/> points, keeping each bucket's extremes. Every text from the data is escaped.
/// </summary>
public static class SvgPlot
{
    public const int MaxPoints = 2_000;
    private const int Width = 720;
    private const int Height = 380;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 36;
    private const int Bottom = 48;

    private static readonly string[] Palette =
        ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];

    public static string Render(PlotData plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        return plot.Definition.Template switch
        {
            "confusion" or "confusion_normalized" => Confusion(plot),
            "bar_horizontal" or "bar_horizontal_sorted" => Bars(plot),
            _ => Lines(plot),
        };
    }

    /// <summary>The name of a series in a legend: what tells it apart from the others of its plot.</summary>
    public static string SeriesName(PlotData plot, PlotSeries series)
    {
        var parts = new List<string>();
        if (plot.Series.Select(s => s.Revision).Distinct().Count() > 1)
        {
            parts.Add(series.Revision);
        }
        if (plot.Series.Select(s => s.File).Distinct().Count() > 1)
        {
            parts.Add(series.File);
        }
        if (plot.Series.Select(s => s.Field).Distinct().Count() > 1 || parts.Count == 0)
        {
            parts.Add(series.Field);
        }
        return string.Join(" · ", parts);
    }

    private static string Lines(PlotData plot)
    {
        var lines = plot.Series.Select(s => (Series: s, Points: Numeric(s))).ToList();
        var all = lines.SelectMany(l => l.Points).ToList();
        var svg = Open(plot, all.Count == 0 ? "no numeric values to draw" : null);
        if (all.Count == 0)
        {
            return Close(svg);
        }
        var (xMin, xMax) = Range(all.Select(p => p.X));
        var (yMin, yMax) = Range(all.Select(p => p.Y));
        Axes(svg, plot, xMin, xMax, yMin, yMax);
        string template = plot.Definition.Template;
        for (int i = 0; i < lines.Count; i++)
        {
            var (series, points) = lines[i];
            string color = Palette[i % Palette.Length];
            var drawn = Thin(points);
            string name = Escape(SeriesName(plot, series));
            svg.Append(CultureInfo.InvariantCulture, $"<g data-series=\"{name}\" data-points=\"{drawn.Count}\">");
            if (template == "scatter")
            {
                foreach (var (x, y) in drawn)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(x, xMin, xMax):0.#}\" cy=\"{Y(y, yMin, yMax):0.#}\" r=\"2.5\" fill=\"{color}\"/>");
                }
            }
            else
            {
                bool smooth = template == "smooth";
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Path(drawn, xMin, xMax, yMin, yMax)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{(smooth ? 1 : 1.8)}\"{(smooth ? " stroke-opacity=\"0.35\"" : "")}/>");
                if (smooth)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{Path(MovingAverage(drawn), xMin, xMax, yMin, yMax)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
                }
            }
            svg.Append("</g>");
            Legend(svg, i, name, color);
        }
        return Close(svg);
    }

    private static string Confusion(PlotData plot)
    {
        bool normalized = plot.Definition.Template == "confusion_normalized";
        var panels = plot.Series.ToList();
        var labels = panels.SelectMany(s => s.X.Concat(s.Y)).Select(Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(50).ToList();
        var svg = Open(plot, panels.Count == 0 ? "no values to draw" : null);
        if (panels.Count == 0 || labels.Count == 0)
        {
            return Close(svg);
        }
        double panelWidth = (Width - Left - Right) / (double)panels.Count;
        double cell = Math.Min((panelWidth - 16) / labels.Count, (Height - Top - Bottom) / (double)labels.Count);
        for (int p = 0; p < panels.Count; p++)
        {
            var series = panels[p];
            var counts = new Dictionary<(string, string), int>();
            for (int i = 0; i < series.X.Count; i++)
            {
                var key = (Label(series.X[i]), Label(series.Y[i]));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            double left = Left + (p * panelWidth);
            int max = Math.Max(1, counts.Values.DefaultIfEmpty(0).Max());
            svg.Append(CultureInfo.InvariantCulture, $"<g data-series=\"{Escape(SeriesName(plot, series))}\" data-points=\"{counts.Count}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left:0.#}\" y=\"{Top - 8}\" class=\"label\">{Escape(SeriesName(plot, series))}</text>");
            for (int r = 0; r < labels.Count; r++)
            {
                int rowTotal = labels.Sum(c => counts.GetValueOrDefault((labels[r], c)));
                for (int c = 0; c < labels.Count; c++)
                {
                    int count = counts.GetValueOrDefault((labels[r], labels[c]));
                    double share = normalized ? (rowTotal == 0 ? 0 : count / (double)rowTotal) : count / (double)max;
                    string text = normalized ? share.ToString("0.00", CultureInfo.InvariantCulture) : count.ToString(CultureInfo.InvariantCulture);
                    double x = left + (c * cell);
                    double y = Top + (r * cell);
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{cell:0.#}\" height=\"{cell:0.#}\" fill=\"#4269d0\" fill-opacity=\"{0.08 + (0.85 * share):0.00}\" data-actual=\"{Escape(labels[r])}\" data-predicted=\"{Escape(labels[c])}\" data-count=\"{count}\"/>");
                    if (cell >= 18)
                    {
                        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2):0.#}\" y=\"{y + (cell / 2) + 4:0.#}\" text-anchor=\"middle\" class=\"cell\">{text}</text>");
                    }
                }
            }
            svg.Append("</g>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\" class=\"label\">{Escape(plot.Definition.YLabel ?? "predicted")} (columns) / {Escape(plot.Definition.XLabel ?? plot.XField)} (rows): {string.Join(", ", labels.Select(Escape))}</text>");
        return Close(svg);
    }

    private static string Bars(PlotData plot)
    {
        var bars = plot.Series.SelectMany(s => Enumerable.Range(0, s.X.Count)
            .Select(i => (Series: s, Name: Label(s.X[i]), Value: Number(s.Y[i]))))
            .Where(b => b.Value is not null).Select(b => (b.Series, b.Name, Value: b.Value!.Value)).Take(60).ToList();
        if (plot.Definition.Template == "bar_horizontal_sorted")
        {
            bars = bars.OrderByDescending(b => b.Value).ToList();
        }
        var svg = Open(plot, bars.Count == 0 ? "no numeric values to draw" : null);
        if (bars.Count == 0)
        {
            return Close(svg);
        }
        double max = Math.Max(bars.Max(b => Math.Abs(b.Value)), double.Epsilon);
        double row = (Height - Top - Bottom) / (double)bars.Count;
        var seriesList = plot.Series.ToList();
        foreach (var group in bars.Select((b, i) => (b, i)).GroupBy(x => x.b.Series))
        {
            int index = seriesList.IndexOf(group.Key);
            string name = Escape(SeriesName(plot, group.Key));
            svg.Append(CultureInfo.InvariantCulture, $"<g data-series=\"{name}\" data-points=\"{group.Count()}\">");
            foreach (var (bar, i) in group)
            {
                double width = Math.Abs(bar.Value) / max * (Width - Left - Right - 140);
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 130}\" y=\"{Top + (i * row) + (row / 2) + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Escape(bar.Name)}</text>");
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 136}\" y=\"{Top + (i * row) + 1:0.#}\" width=\"{width:0.#}\" height=\"{Math.Max(1, row - 2):0.#}\" fill=\"{Palette[index % Palette.Length]}\"/>");
            }
            svg.Append("</g>");
            Legend(svg, index, name, Palette[index % Palette.Length]);
        }
        return Close(svg);
    }

    private static StringBuilder Open(PlotData plot, string? empty)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" data-plot=\"{Escape(plot.Definition.Id)}\" data-template=\"{Escape(plot.Definition.Template)}\" data-series-count=\"{plot.Series.Count}\">");
        svg.Append("<style>text{font:12px system-ui,sans-serif;fill:currentColor}.tick{font-size:11px;fill-opacity:.75}.cell{font-size:11px}.grid{stroke:currentColor;stroke-opacity:.12}</style>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" font-weight=\"bold\">{Escape(plot.Definition.Title ?? plot.Definition.Id)}</text>");
        if (empty is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">{Escape(empty)}</text>");
        }
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axes(StringBuilder svg, PlotData plot, double xMin, double xMax, double yMin, double yMax)
    {
        foreach (double tick in Ticks(yMin, yMax))
        {
            double y = Y(tick, yMin, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"tick\">{Format(tick)}</text>");
        }
        foreach (double tick in Ticks(xMin, xMax))
        {
            double x = X(tick, xMin, xMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line y1=\"{Top}\" y2=\"{Height - Bottom}\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" class=\"grid\"/><text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" class=\"tick\">{Format(tick)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">{Escape(plot.Definition.XLabel ?? plot.XField)}</text>");
        string yLabel = plot.Definition.YLabel ?? string.Join(", ", plot.Series.Select(s => s.Field).Distinct());
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>");
    }

    private static void Legend(StringBuilder svg, int index, string escapedName, string color)
    {
        double x = Width - Right - 200;
        double y = Top + 4 + (index * 16);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{x + 14:0.#}\" y=\"{y + 9:0.#}\" class=\"tick\">{escapedName}</text>");
    }

    private static List<(double X, double Y)> Numeric(PlotSeries series)
    {
        var points = new List<(double, double)>(series.X.Count);
        for (int i = 0; i < series.X.Count; i++)
        {
            if (Number(series.X[i]) is { } x && Number(series.Y[i]) is { } y)
            {
                points.Add((x, y));
            }
        }
        return points;
    }

    /// <summary>At most <see cref="MaxPoints"/> points: the lowest and highest of each bucket, in order, so spikes stay visible.</summary>
    private static List<(double X, double Y)> Thin(List<(double X, double Y)> points)
    {
        if (points.Count <= MaxPoints)
        {
            return points;
        }
        int buckets = MaxPoints / 2;
        var thinned = new List<(double, double)>(MaxPoints);
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * points.Count / buckets);
            int end = (int)((long)(b + 1) * points.Count / buckets);
            var bucket = points.GetRange(start, end - start);
            var low = bucket.MinBy(p => p.Y);
            var high = bucket.MaxBy(p => p.Y);
            thinned.AddRange(low.X <= high.X ? [low, high] : [high, low]);
        }
        return thinned;
    }

    private static List<(double X, double Y)> MovingAverage(List<(double X, double Y)> points)
    {
        int window = Math.Max(1, points.Count / 20);
        var result = new List<(double, double)>(points.Count);
        double sum = 0;
        for (int i = 0; i < points.Count; i++)
        {
            sum += points[i].Y;
            if (i >= window)
            {
                sum -= points[i - window].Y;
            }
            result.Add((points[i].X, sum / Math.Min(i + 1, window)));
        }
        return result;
    }

    private static string Path(List<(double X, double Y)> points, double xMin, double xMax, double yMin, double yMax)
    {
        var d = new StringBuilder();
        for (int i = 0; i < points.Count; i++)
        {
            d.Append(i == 0 ? 'M' : 'L').Append(CultureInfo.InvariantCulture, $"{X(points[i].X, xMin, xMax):0.#},{Y(points[i].Y, yMin, yMax):0.#}");
        }
        return d.ToString();
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        double min = double.MaxValue, max = double.MinValue;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return min == max ? (min - 1, max + 1) : (min, max);
    }

    private static double X(double value, double min, double max) => Left + ((value - min) / (max - min) * (Width - Left - Right));

    private static double Y(double value, double min, double max) => Height - Bottom - ((value - min) / (max - min) * (Height - Top - Bottom));

    /// <summary>About five round values between min and max (1, 2 or 5 times a power of ten apart).</summary>
    private static IEnumerable<double> Ticks(double min, double max)
    {
        double raw = (max - min) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        for (double t = Math.Ceiling(min / step) * step; t <= max + (step / 1e6); t += step)
        {
            yield return t;
        }
    }

    private static string Format(double value) => Math.Abs(value) >= 1e5 || (value != 0 && Math.Abs(value) < 1e-3)
        ? value.ToString("0.##e0", CultureInfo.InvariantCulture)
        : Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A value as a finite number: numbers, numeric text (as CSV gives it) and booleans (1, 0); else null.</summary>
    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }
        string? text = value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number => value.ToJsonString(),
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => "1",
            System.Text.Json.JsonValueKind.False => "0",
            _ => null,
        };
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number) ? number : null;
    }

    private static string Label(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    /// <summary>Text for SVG and HTML: markup characters escaped, control characters dropped.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }
}
