using System.Globalization;
using System.Text;

namespace GitMl.Core.Lineage;

/// <summary>Lineage as text (an indented chain, read top to bottom) and as a Mermaid flowchart (for docs and pull requests).</summary>
public static class LineageText
{
    public static string Render(LineageReport report)
    {
        var sb = new StringBuilder();
        if (report.Model is { } m)
        {
            sb.Append($"model    {m.Name} version {m.Version}{(m.Stages.Count > 0 ? " [" + string.Join(", ", m.Stages) + "]" : "")}  ({m.Uri})\n");
            sb.Append($"content  {m.Oid[..12]}  {m.Path}, {IO.ByteSize.Format(m.Size)}\n");
            sb.Append($"by       {m.User}, {m.Registered.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: {m.Message}\n");
        }
        if (report.Run is { } r)
        {
            sb.Append(r.Name is null
                ? $"run      {r.Id} (not in this clone's notes: git ml fetch)\n"
                : $"run      {r.Id[..8]} '{r.Name}' {r.Status}{(r.Dirty ? " (dirty tree)" : "")}, {r.Start?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by {r.User}\n");
        }
        else if (report.Model is not null)
        {
            sb.Append("run      none recorded (registered from a path)\n");
        }
        if (report.Commit is { } commit)
        {
            sb.Append($"commit   {commit}{(report.Branch is { } b ? $" ({b})" : "")}\n");
        }
        Section(sb, "params", report.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value}"));
        Section(sb, "data", report.Data.Select(d => $"{d.Oid[..Math.Min(12, d.Oid.Length)]}  {d.Path}  {(d.Approved ? "approved" : "NOT approved")}"));
        Section(sb, "metrics", report.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
        return sb.ToString();
    }

    public static string Mermaid(IEnumerable<LineageReport> reports)
    {
        var sb = new StringBuilder("flowchart LR\n");
        int n = 0;
        foreach (var report in reports)
        {
            string id = $"l{n++}";
            string? previous = null;
            void Node(string node, string label)
            {
                sb.Append($"  {node}[\"{Escape(label)}\"]\n");
                if (previous is not null)
                {
                    sb.Append($"  {previous} --> {node}\n");
                }
                previous = node;
            }
            if (report.Model is { } m)
            {
                Node($"{id}m", $"model {m.Name} v{m.Version}");
            }
            if (report.Run is { } r)
            {
                Node($"{id}r", $"run {r.Id[..8]}{(r.Name is null ? "" : " " + r.Name)}");
            }
            if (report.Commit is { } c)
            {
                Node($"{id}c", $"commit {c[..Math.Min(10, c.Length)]}");
            }
            string anchor = previous ?? $"{id}c";
            if (report.Params.Count > 0)
            {
                sb.Append($"  {id}p[\"{Escape(string.Join("<br>", report.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value}")))}\"]\n  {anchor} --> {id}p\n");
            }
            int d = 0;
            foreach (var data in report.Data)
            {
                sb.Append($"  {id}d{d}[\"{Escape($"{data.Path} {data.Oid[..Math.Min(10, data.Oid.Length)]}{(data.Approved ? " ✓" : " unapproved")}")}\"]\n  {anchor} --> {id}d{d}\n");
                d++;
            }
            if (report.Metrics.Count > 0)
            {
                sb.Append($"  {id}x[\"{Escape(string.Join("<br>", report.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value.ToString("G6", CultureInfo.InvariantCulture)}")))}\"]\n  {anchor} --> {id}x\n");
            }
        }
        return sb.ToString();
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static void Section(StringBuilder sb, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }
        sb.Append(title).Append(":\n");
        foreach (string line in list)
        {
            sb.Append("  ").Append(line).Append('\n');
        }
    }
}
